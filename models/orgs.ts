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
