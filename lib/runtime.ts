import type { Config } from "../infra/config.ts";
import { type Db, openDb } from "../infra/db.ts";
import { type Cache, openCache } from "../infra/cache.ts";
import { migrate } from "../infra/migrate.ts";
import { ensurePlatformAdmin } from "./auth/platform_admin.ts";
import { appSecret, loadSecrets } from "./auth/secrets.ts";
import { configureAuditKey } from "../services/audit_chain.ts";
import { sealAuditChain } from "../services/audit_seal.ts";
import { ensureActiveModel } from "../ml/registry.ts";

/** The long-lived dependencies of one FestSafe process. */
export interface Services {
  config: Config;
  db: Db;
  /** Read-heavy pages and exports (DATABASE_READ_URL; the primary when unset). */
  readDb?: Db;
  cache: Cache;
}

export interface OpenOptions {
  /** Reuse an already-open database (tests share one PGlite). */
  db?: Db;
  cache?: Cache;
  /** Start-up work after migrations, e.g. seeding the demo region (demo/plugin.ts). */
  prepare?: (db: Db) => Promise<void>;
}

/** Opens the database and cache, applies migrations and seeds the demo region when empty. */
export async function openServices(config: Config, opts: OpenOptions = {}): Promise<Services> {
  const db = opts.db ?? await openDb({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  });
  await migrate(db);
  const cache = opts.cache ?? await openCache({
    redisUrl: config.REDIS_URL,
    upstashUrl: config.UPSTASH_REDIS_REST_URL,
    upstashToken: config.UPSTASH_REDIS_REST_TOKEN,
  });
  // Secrets first: a secrets file that cannot be read or written stops the start here.
  await loadSecrets(db, config);
  await configureAuditKey(await appSecret(db, config, "AUDIT_KEY"));
  await sealAuditChain(db);
  await ensurePlatformAdmin(db, config);
  // The bundled model is registered here, once, so that reads never write.
  await ensureActiveModel(db);
  await opts.prepare?.(db);
  const readDb = config.DATABASE_READ_URL && !opts.db
    ? await openDb({
      databaseUrl: config.DATABASE_READ_URL,
      poolSize: config.DATABASE_READ_POOL_SIZE,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    })
    : undefined;
  return { config, db, readDb, cache };
}

/** The database for reads that may lag the primary by a moment (pages, exports). */
export const readerOf = (s: Pick<Services, "db" | "readDb">): Db => s.readDb ?? s.db;

/** Closes what openServices opened. */
export async function closeServices(s: Services) {
  await s.cache.close();
  await s.readDb?.close();
  await s.db.close();
}
