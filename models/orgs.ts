import type { Queryable } from "../lib/db.ts";

/** The demo organisation's id, or null before seeding. */
export async function findDemoOrgId(db: Queryable): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM orgs WHERE is_demo ORDER BY created_at LIMIT 1",
  );
  return rows[0]?.id ?? null;
}
