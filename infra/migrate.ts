/**
 * The migration runner. It keeps its own SQL (schema_migrations and its lock) instead of going
 * through models/: it is infrastructure that runs before any model's tables exist.
 */
import type { Db } from "./db.ts";
import { log } from "./log.ts";

/** Arbitrary constant shared by every FestSafe instance: the migration advisory lock key. */
const MIGRATION_LOCK = 7_242_001;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Reads numbered `NNN_name.sql` files from the migrations folder, in order. */
export async function readMigrations(
  dir = new URL("../migrations/", import.meta.url),
): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const m = entry.name.match(/^(\d{3})_([a-z0-9_]+)\.sql$/);
    if (!m) continue;
    out.push({
      id: Number(m[1]),
      name: m[2],
      sql: await Deno.readTextFile(new URL(entry.name, dir)),
    });
  }
  return out.sort((a, b) => a.id - b.id);
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so two instances
 * starting together never race: the second waits, then finds nothing left to do.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? await readMigrations();
  return await db.transaction(async (tx) => {
    // Migrations and the wait for another instance's may outlast the app's statement timeout.
    await tx.exec("SET LOCAL statement_timeout = 0");
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.query<{ id: number }>("SELECT id FROM schema_migrations")).map((r) => r.id),
    );
    const applied: number[] = [];
    for (const m of all) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [m.id, m.name]);
      applied.push(m.id);
      log.info("migration applied", { id: m.id, name: m.name });
    }
    return applied;
  });
}
