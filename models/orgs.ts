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
