/**
 * Who performs a business operation, as services need it: the organisation acted for, the
 * actor recorded in the audit log and the request it came from. Routes build it from the
 * request's caller; jobs use `systemActor`.
 */
export interface Actor {
  /** The organisation the operation acts in (null: platform level). */
  orgId: string | null;
  /** The user's id, or null for API keys, the system and anonymous callers. */
  actorId: string | null;
  /** Readable: the user's e-mail, `api-key:<prefix>`, `system`, `anonymous`. */
  actor: string;
  requestId: string | null;
  /** Audit rows written for this actor so far (the route policy checks changes were recorded). */
  recorded: number;
}

/** The actor of scheduled jobs and start-up work. */
export function systemActor(orgId: string | null, job = "system"): Actor {
  return { orgId, actorId: null, actor: job, requestId: null, recorded: 0 };
}

/** The minimal dependencies of a service: the database and the cache (live events). */
export interface Deps {
  db: import("../infra/db.ts").Db;
  cache: import("../infra/cache.ts").Cache;
}
