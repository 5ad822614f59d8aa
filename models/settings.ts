/** An organisation's stored setting overrides (the defaults live in domain/settings.ts). */
import type { Queryable } from "../infra/db.ts";

export interface StoredSettings {
  settings: Record<string, unknown>;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The organisation's overrides, or none. */
export async function readStoredSettings(db: Queryable, orgId: string): Promise<StoredSettings> {
  const [row] = await db.query<{ settings: unknown; updatedAt: Date; updatedBy: string | null }>(
    `SELECT settings, updated_at AS "updatedAt", updated_by AS "updatedBy"
     FROM org_settings WHERE org_id = $1`,
    [orgId],
  );
  if (!row) return { settings: {}, updatedAt: null, updatedBy: null };
  const settings = typeof row.settings === "string" ? JSON.parse(row.settings) : row.settings;
  return { settings: settings ?? {}, updatedAt: new Date(row.updatedAt), updatedBy: row.updatedBy };
}

/** Overrides of several organisations at once (jobs), keyed by organisation. */
export async function readStoredSettingsOf(
  db: Queryable,
  orgIds: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const rows = await db.query<{ orgId: string; settings: unknown }>(
    `SELECT org_id AS "orgId", settings FROM org_settings WHERE org_id = ANY($1::uuid[])`,
    [orgIds],
  );
  return new Map(rows.map((r) => [
    r.orgId,
    (typeof r.settings === "string" ? JSON.parse(r.settings) : r.settings) ?? {},
  ]));
}

/** Replaces the organisation's overrides (locked row: concurrent PATCHes apply one after another). */
export async function writeStoredSettings(
  db: Queryable,
  orgId: string,
  settings: Record<string, unknown>,
  userId: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO org_settings (org_id, settings, updated_at, updated_by)
     VALUES ($1, $2::text::jsonb, now(), $3)
     ON CONFLICT (org_id) DO UPDATE SET settings = excluded.settings, updated_at = now(),
       updated_by = excluded.updated_by`,
    [orgId, JSON.stringify(settings), userId],
  );
}

/** Locks the organisation's settings row for a read-modify-write (creates it when missing). */
export async function lockStoredSettings(db: Queryable, orgId: string): Promise<void> {
  await db.query(
    `INSERT INTO org_settings (org_id) VALUES ($1) ON CONFLICT (org_id) DO NOTHING`,
    [orgId],
  );
  await db.query(`SELECT 1 FROM org_settings WHERE org_id = $1 FOR UPDATE`, [orgId]);
}
