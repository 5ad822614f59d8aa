/**
 * `deno task bench`: every figure is printed next to a baseline measured in the same run, as a
 * ratio, because absolute timings on shared machines vary up to 2× between runs.
 */
import { loadConfig } from "../infra/config.ts";
import { setLogLevel } from "../infra/log.ts";
import { closeServices, openServices } from "../lib/runtime.ts";
import { openDb } from "../infra/db.ts";
import { createTestDatabase, dropTestDatabase } from "../tests/support/services.ts";
import { benchOverview } from "./overview_bench.ts";
import { benchFeeds } from "./feeds_bench.ts";
import { benchAuth } from "./auth_bench.ts";
import { benchIngest } from "./ingest_bench.ts";
import { benchForecast } from "./forecast_bench.ts";
import { benchBrowser } from "./browser_bench.ts";
import { prepareDemo } from "../demo/plugin.ts";

setLogLevel("warn");
const config = loadConfig();
// A fresh database on the configured server, so the bench never touches real data.
const databaseUrl = config.DATABASE_URL ? await createTestDatabase(config.DATABASE_URL) : undefined;
const db = await openDb({ databaseUrl, pgliteDir: "memory://" });
console.log(`database: ${db.kind}${config.DATABASE_URL ? " (DATABASE_URL)" : " (in memory)"}`);
const services = await openServices({ ...config, PGLITE_DIR: "memory://" }, {
  db,
  prepare: (d) => prepareDemo(d),
});
try {
  await benchOverview(services);
  await benchBrowser(services);
  await benchFeeds(services);
  await benchAuth(services);
  await benchIngest(services, databaseUrl);
  await benchForecast(services);
} finally {
  await closeServices(services);
  if (databaseUrl) await dropTestDatabase(config.DATABASE_URL!, databaseUrl);
}
