import type { Config } from "./config.ts";
import { type Db, openDb } from "./db.ts";
import { type Cache, openCache } from "./cache.ts";
import { migrate } from "./migrate.ts";
import { seedDemo } from "../demo/seed.ts";
import { extendDemo } from "../demo/live.ts";
import { ensurePlatformAdmin } from "../lib/auth/platform_admin.ts";

/** The long-lived dependencies of one FestSafe process. */
export interface Services {
  config: Config;
  db: Db;
  cache: Cache;
}

export interface OpenOptions {
  /** Reuse an already-open database (tests share one PGlite). */
  db?: Db;
  cache?: Cache;
  seed?: boolean;
}

/** Opens the database and cache, applies migrations and seeds the demo region when empty. */
export async function openServices(config: Config, opts: OpenOptions = {}): Promise<Services> {
  const db = opts.db ?? await openDb({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
  });
  await migrate(db);
  const cache = opts.cache ?? await openCache({
    redisUrl: config.REDIS_URL,
    upstashUrl: config.UPSTASH_REDIS_REST_URL,
    upstashToken: config.UPSTASH_REDIS_REST_TOKEN,
  });
  await ensurePlatformAdmin(db, config);
  if (opts.seed ?? config.SEED_DEMO === "on") {
    const seeded = await seedDemo(db);
    // A demo seeded on an earlier day is brought up to the current hour.
    if (!seeded.seeded) await extendDemo(db);
  }
  return { config, db, cache };
}

/** Closes what openServices opened. */
export async function closeServices(s: Services) {
  await s.cache.close();
  await s.db.close();
}
