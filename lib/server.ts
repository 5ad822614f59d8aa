import { type Config, ConfigError, loadConfig } from "../infra/config.ts";
import { log, setLogLevel } from "../infra/log.ts";
import { closeServices, openServices } from "./runtime.ts";
import { createApp, loadIslandAssets } from "./app.ts";
import { drainJobs, startWorkers } from "../workers/scheduler.ts";
import { registerJob } from "../workers/registry.ts";
import type { JobDef } from "../workers/runner.ts";
import type { Db } from "../infra/db.ts";
import { endLiveStreams } from "../infra/live.ts";
import { startLocalRefresh } from "../services/refresh.ts";
import { startLocalDeliveries } from "../services/webhooks.ts";
import { serveMetrics } from "./metrics_access.ts";
import { connectionCap, openFileLimit, serveGuarded } from "./conn_guard.ts";

export interface StartOptions {
  /** Start-up work after migrations (main.ts passes the demo region's seeding). */
  prepare?: (db: Db) => Promise<void>;
  /** Extra jobs to schedule (the demo region's). */
  jobs?: JobDef[];
}

/** Starts FestSafe from the environment; a bad setting exits with one line naming it. */
export async function main(opts: StartOptions = {}) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`festsafe: ${err.message}`);
      Deno.exit(2);
    }
    throw err;
  }
  setLogLevel(config.LOG_LEVEL);
  const started = performance.now();
  let services;
  for (const job of opts.jobs ?? []) registerJob(job);
  const opening = openServices(config, { prepare: opts.prepare });
  // Crons are registered while the process starts (Deno Deploy needs that); jobs await services.
  const workers = config.WORKERS === "on" ? startWorkers(opening) : undefined;
  try {
    services = await opening;
  } catch (err) {
    const where = config.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : `PGlite at PGLITE_DIR`;
    console.error(`festsafe: could not open ${where}: ${(err as Error).message}`);
    Deno.exit(1);
  }
  // With workers on, this process also rebuilds plans seconds after its own changes and sends
  // webhook deliveries as soon as they are queued (the minute jobs cover every other case).
  const local = workers ? [startLocalRefresh(services), startLocalDeliveries(services)] : [];
  const app = createApp(services, await loadIslandAssets());
  const maxConnections = connectionCap(config.MAX_CONNECTIONS, await openFileLimit());
  const server = serveGuarded({
    port: config.PORT,
    maxConnections,
    headerTimeoutMs: config.HTTP_HEADER_TIMEOUT_MS,
    idleTimeoutMs: config.HTTP_IDLE_TIMEOUT_MS,
    onListen: ({ port }) =>
      log.info("listening", {
        url: `http://localhost:${port}`,
        database: services.db.kind,
        cache: services.cache.kind,
        maxConnections,
        startupMs: Math.round(performance.now() - started),
      }),
  }, app.fetch);
  const metricsServer = serveMetrics(services, config);
  let stopping = false;
  /**
   * Graceful shutdown (SIGTERM, SIGINT): no new cron ticks, live streams end so that the server
   * can drain, in-flight requests finish (Deno's server.shutdown), and a job already running
   * finishes too (up to 30 s) before the database closes.
   */
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down");
    workers?.stop();
    for (const stopLocal of local) stopLocal();
    endLiveStreams();
    const [, , jobsDone] = await Promise.all([
      server.shutdown(),
      metricsServer?.shutdown(),
      drainJobs(30_000),
    ]);
    if (!jobsDone) log.warn("a job was still running at shutdown; the next instance closes it");
    await closeServices(services);
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
