/** The organisation's calendar-feed token (migration 024): only its SHA-256 is stored. */
import type { Queryable } from "../infra/db.ts";

export interface CalendarFeedToken {
  tokenHint: string;
  createdAt: Date;
}

/** The organisation whose live token has this hash, or null. */
export async function orgOfCalendarToken(db: Queryable, tokenHash: string) {
  const [row] = await db.query<{ orgId: string }>(
    `SELECT org_id AS "orgId" FROM calendar_feed_tokens WHERE token_hash = $1`,
    [tokenHash],
  );
  return row?.orgId ?? null;
}

/** The organisation's token (hint and age), or null when it has none. */
export async function calendarTokenOf(
  db: Queryable,
  orgId: string,
): Promise<CalendarFeedToken | null> {
  const [row] = await db.query<CalendarFeedToken>(
    `SELECT token_hint AS "tokenHint", created_at AS "createdAt"
     FROM calendar_feed_tokens WHERE org_id = $1`,
    [orgId],
  );
  return row ?? null;
}

/** Sets the organisation's token, replacing (revoking) any earlier one. */
export async function replaceCalendarToken(
  db: Queryable,
  orgId: string,
  t: { tokenHash: string; tokenHint: string; createdBy: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO calendar_feed_tokens (org_id, token_hash, token_hint, created_by)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id) DO UPDATE SET token_hash = EXCLUDED.token_hash,
       token_hint = EXCLUDED.token_hint, created_by = EXCLUDED.created_by, created_at = now()`,
    [orgId, t.tokenHash, t.tokenHint, t.createdBy],
  );
}

/** Deletes the organisation's token; false when it had none. */
export async function deleteCalendarToken(db: Queryable, orgId: string): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM calendar_feed_tokens WHERE org_id = $1 RETURNING org_id`,
    [orgId],
  );
  return rows.length > 0;
}
