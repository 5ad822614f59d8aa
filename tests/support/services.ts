/**
 * One database and cache for the whole test run (PGlite takes seconds and ~1 GB to start).
 * With DATABASE_URL set, a fresh database is created on that server for this run, so runs never
 * see each other's rows; with REDIS_URL set, keys get a per-run prefix.
 */
import postgres from "postgres";
import { type Config, loadConfig } from "../../infra/config.ts";
import { type Db, openDb } from "../../infra/db.ts";
import { type Cache, memoryCache, openCache } from "../../infra/cache.ts";
import { migrate } from "../../infra/migrate.ts";
import { prepareDemo } from "../../demo/plugin.ts";
import { ensureActiveModel } from "../../ml/registry.ts";
import { setLogLevel } from "../../infra/log.ts";
import { appSecret } from "../../lib/auth/secrets.ts";
import { configureAuditKey } from "../../services/audit_chain.ts";
import { sealAuditChain } from "../../services/audit_seal.ts";
import type { Services } from "../../lib/runtime.ts";

setLogLevel((Deno.env.get("TEST_LOG_LEVEL") as "error" | undefined) ?? "error");

/** Days of demo history seeded for tests: enough for weekly seasonality, fast to load. */
export const TEST_SEED_DAYS = 28;

let shared: Promise<Services> | undefined;

/** Drops a database made by createTestDatabase (connections to it are ended). */
export async function dropTestDatabase(adminUrl: string, testUrl: string) {
  const name = new URL(testUrl).pathname.slice(1);
  if (!/^festsafe_t_[\w]+$/.test(name)) throw new Error(`not a test database: ${name}`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Creates a fresh database next to the one DATABASE_URL names and returns its URL. */
export async function createTestDatabase(url: string): Promise<string> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const stale = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE 'festsafe_t_%'
        AND datname < ${"festsafe_t_" + (Date.now() - 3_600_000)}`;
    for (const { datname } of stale) {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
    }
    const name = `festsafe_t_${Date.now()}_${crypto.randomUUID().slice(0, 8)}`;
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const u = new URL(url);
    u.pathname = "/" + name;
    return u.toString();
  } finally {
    await admin.end();
  }
}

async function open(): Promise<Services> {
  const base = loadConfig();
  const databaseUrl = base.DATABASE_URL ? await createTestDatabase(base.DATABASE_URL) : undefined;
  const config: Config = {
    ...base,
    DATABASE_URL: databaseUrl,
    PGLITE_DIR: "memory://",
    // Test webhook receivers listen on 127.0.0.1 (CONTRACT.md: on for tests).
    WEBHOOK_ALLOW_PRIVATE: "on",
    SECRETS_FILE: "memory://",
  };
  const db: Db = await openDb({ databaseUrl, pgliteDir: "memory://" });
  await migrate(db);
  await configureAuditKey(await appSecret(db, config, "AUDIT_KEY"));
  await sealAuditChain(db);
  await ensureActiveModel(db);
  await prepareDemo(db, { days: TEST_SEED_DAYS });
  const cache: Cache = config.REDIS_URL
    ? await openCache({ redisUrl: config.REDIS_URL, prefix: `festsafe_t:${crypto.randomUUID()}:` })
    : memoryCache();
  return { config, db, cache };
}

/** The run's shared, migrated and seeded services. */
export function testServices(): Promise<Services> {
  shared ??= open();
  return shared;
}

/** Deno.test for tests that use the shared services (which outlive any single test). */
export function dbTest(name: string, fn: (s: Services) => Promise<void>) {
  Deno.test({
    name,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => fn(await testServices()),
  });
}
