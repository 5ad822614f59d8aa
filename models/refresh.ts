/** Refresh requests: organisations whose forecasts and plans wait to be rebuilt. */
import type { Queryable } from "../infra/db.ts";

/** Asks for a rebuild of an organisation's forecasts and plans (debounced by the job). */
export async function markRefresh(db: Queryable, orgId: string, reason: string) {
  await db.query(
    `INSERT INTO refresh_requests (org_id, reasons) VALUES ($1, ARRAY[$2])
     ON CONFLICT (org_id) DO UPDATE SET requested_at = now(),
       reasons = CASE WHEN $2 = ANY (refresh_requests.reasons) THEN refresh_requests.reasons
                      ELSE refresh_requests.reasons || $2 END`,
    [orgId, reason],
  );
}

export interface RefreshRequest {
  orgId: string;
  reasons: string[];
  firstRequestedAt: Date;
}

/**
 * Claims the requests that have been quiet for `quietMs` (or waited `maxWaitMs` in all): they are
 * removed and returned; a request that arrives while the rebuild runs starts a new one.
 */
export function claimRefreshes(
  db: Queryable,
  now: Date,
  quietMs: number,
  maxWaitMs: number,
): Promise<RefreshRequest[]> {
  return db.query<RefreshRequest>(
    `DELETE FROM refresh_requests WHERE org_id IN (
       SELECT org_id FROM refresh_requests
       WHERE requested_at <= $1::timestamptz - make_interval(secs => $2::float8 / 1000)
          OR first_requested_at <= $1::timestamptz - make_interval(secs => $3::float8 / 1000)
       FOR UPDATE SKIP LOCKED)
     RETURNING org_id AS "orgId", reasons, first_requested_at AS "firstRequestedAt"`,
    [now, quietMs, maxWaitMs],
  );
}

/** Organisations with a pending request (tests and the admin page). */
export function pendingRefreshes(db: Queryable): Promise<{ orgId: string }[]> {
  return db.query(`SELECT org_id AS "orgId" FROM refresh_requests ORDER BY requested_at`);
}
