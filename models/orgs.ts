import type { Queryable } from "../infra/db.ts";

/** The demo organisation's id, or null before seeding. */
export async function findDemoOrgId(db: Queryable): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM orgs WHERE is_demo ORDER BY created_at LIMIT 1",
  );
  return rows[0]?.id ?? null;
}

/** An organisation (tenant). */
export interface Org {
  id: string;
  name: string;
  isDemo: boolean;
  createdAt: Date;
}

/** Creates an organisation; null when the name is taken. */
export async function insertOrg(db: Queryable, name: string): Promise<Org | null> {
  const rows = await db.query<Org>(
    `INSERT INTO orgs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING
     RETURNING id, name, is_demo AS "isDemo", created_at AS "createdAt"`,
    [name],
  );
  return rows[0] ?? null;
}

/** The organisation named name, or null. */
export async function findOrgByName(db: Queryable, name: string): Promise<Org | null> {
  const rows = await db.query<Org>(
    `SELECT id, name, is_demo AS "isDemo", created_at AS "createdAt" FROM orgs WHERE name = $1`,
    [name],
  );
  return rows[0] ?? null;
}

const orgColumns = `id, name, is_demo AS "isDemo", created_at AS "createdAt"`;

/** One organisation by id, or null. */
export async function getOrg(db: Queryable, id: string): Promise<Org | null> {
  const rows = await db.query<Org>(`SELECT ${orgColumns} FROM orgs WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Every organisation, the demo first, then by name (platform admin). */
export function listOrgs(db: Queryable): Promise<Org[]> {
  return db.query<Org>(`SELECT ${orgColumns} FROM orgs ORDER BY is_demo DESC, name`);
}

/** Ids of the organisations that have at least one hospital (what the hourly jobs visit). */
export async function orgIdsWithHospitals(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT DISTINCT org_id AS id FROM hospitals ORDER BY 1",
  );
  return rows.map((r) => r.id);
}

/** Creates the demo organisation (flagged is_demo) and returns its id. */
export async function insertDemoOrg(db: Queryable, name: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO orgs (name, is_demo) VALUES ($1, true) RETURNING id",
    [name],
  );
  return row.id;
}

/**
 * Deletes an organisation's hospitals, events and everything recorded about them (time series,
 * forecasts, plans); the organisation itself, its users, keys and audit log stay.
 */
export async function deleteOrgContent(db: Queryable, orgId: string): Promise<void> {
  for (const table of ["observations", "encounters", "forecasts", "plans", "events"]) {
    await db.query(`DELETE FROM ${table} WHERE org_id = $1`, [orgId]);
  }
  await db.query("DELETE FROM hospitals WHERE org_id = $1", [orgId]);
}
