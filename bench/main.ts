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
import { benchConcurrentUploads, benchLiveFanout, benchMixedLoad } from "./load_bench.ts";

setLogLevel("warn");
const config = loadConfig();
// A fresh database on the configured server, so the bench never touches real data.
const databaseUrl = config.DATABASE_URL ? await createTestDatabase(config.DATABASE_URL) : undefined;
const db = await openDb({ databaseUrl, pgliteDir: "memory://" });
console.log(`database: ${db.kind}${config.DATABASE_URL ? " (DATABASE_URL)" : " (in memory)"}`);
// Bench traffic comes from a handful of users: the per-user API limit would refuse most of it,
// and the live fan-out holds its 10,000 streams with one user's token.
const services = await openServices({
  ...config,
  PGLITE_DIR: "memory://",
  SECRETS_FILE: "memory://",
  API_RATE_LIMIT: 1e9,
  LIVE_STREAMS_PER_USER: 1e9,
}, {
  db,
  prepare: (d) => prepareDemo(d),
});
// `deno task bench load live auth` runs only the named parts.
const only = Deno.args.length ? new Set(Deno.args) : null;
try {
  if (!only || only.has("overview")) await benchOverview(services);
  if (!only || only.has("browser")) await benchBrowser(services);
  if (!only || only.has("feeds")) await benchFeeds(services);
  if (!only || only.has("auth")) await benchAuth(services);
  if (!only || only.has("ingest")) await benchIngest(services, databaseUrl);
  if (!only || only.has("forecast")) await benchForecast(services);
  if (!only || only.has("ingest")) await benchConcurrentUploads(services);
  if (!only || only.has("load")) await benchMixedLoad(services);
  if (!only || only.has("live")) await benchLiveFanout(services);
} finally {
  await closeServices(services);
  if (databaseUrl) await dropTestDatabase(config.DATABASE_URL!, databaseUrl);
}
