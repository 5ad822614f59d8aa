/**
 * The app's binding of the framework: its per-request state, the policy meta every route
 * declares (who may call it, what is audited), and `define`, which route files use to declare
 * their handlers, pages and API operations.
 */
import { createDefine } from "../framework/define.ts";
import type * as F from "../framework/types.ts";
import type { Db } from "../infra/db.ts";
import type { Config } from "../infra/config.ts";
import type { Cache } from "../infra/cache.ts";
import type { Access } from "./access.ts";
import type { Actor } from "../services/actor.ts";

/** An organisation as pages name it. */
export interface OrgSummary {
  id: string;
  name: string;
  isDemo: boolean;
}

/** Per-request state shared by middleware, handlers and pages. */
export interface AppState {
  db: Db;
  /** A read replica (DATABASE_READ_URL) for read-heavy series; unset → `db` (lib/runtime.ts). */
  readDb?: Db;
  config: Config;
  cache: Cache;
  requestId: string;
  /** Island bundle and vendor file URLs (content-hashed). */
  assets: F.IslandAssets;
  /** Set by the auth middleware once a caller is known. */
  user?: { id: string; email: string; role: string; orgId: string | null; platformAdmin: boolean };
  /** Set instead of `user` when a machine client authenticated with an API key. */
  apiKey?: { id: string; orgId: string; scopes: string[]; prefix: string };
  /** The refresh-token family of the signed-in user's session. */
  sessionId?: string;
  /** The double-submit CSRF token of a browser session, for forms on pages (issued on first read). */
  csrf?: string;
  /** True once a page read `csrf`: its answer carries the (masked) token, so it is not shared. */
  csrfInPage?: boolean;
  /** The organisation the request acts in (lib/caller.ts). */
  orgId?: string;
  /** Who acts, for services and the audit log (lib/caller.ts). */
  actor?: Actor;
  /** The organisation a page shows (set by the page policy): its name and whether it is the demo. */
  viewOrg?: OrgSummary;
  /** The organisations the platform admin may switch to (pages only). */
  orgChoices?: OrgSummary[];
}

/**
 * What is written to the audit log for a route: `false` for public facts and the caller's own
 * session, else the resource name; reads of it are recorded by the route policy, changes by the
 * service that makes them, inside the change's transaction.
 */
export type AuditPolicy = false | {
  resource: string;
  /** A POST that only reads (what-if): recorded by the route policy like a GET. */
  read?: true;
};

/** The policy part of every route definition. */
export interface RouteMeta {
  access: Access;
  audit: AuditPolicy;
  /** Pages: milliseconds before a render answers 503 (default lib/limits.ts BUDGET_MS.page). */
  budgetMs?: number;
  /**
   * Pages only: the rendered HTML is shared by viewers of the same organisation and role until
   * the organisation's data changes or a few seconds pass (lib/page_cache.ts). Only for pages
   * whose HTML depends on nothing else (the user's e-mail and CSRF token are put back per view).
   */
  cache?: true;
}

export type AppEnv = F.Env<AppState>;
export type Handler<D = unknown> = F.Handler<AppState, D>;
export type Handlers<D = unknown> = F.Handlers<AppState, D>;
export type RouteContext<D = unknown> = F.RouteContext<AppState, D>;
export type PageProps<D = unknown> = F.PageProps<AppState, D>;
export type LayoutProps = F.LayoutProps<AppState>;
export type { ErrorPageProps, IslandAssets } from "../framework/types.ts";

export const define = createDefine<AppState, RouteMeta>();
