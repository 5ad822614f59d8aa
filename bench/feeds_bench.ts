/**
 * One feeds run storing a week of hourly Open-Meteo data for 200 places (HTTP from a local
 * server, parsing, heat index, idempotent upsert) against a plain COPY of the same rows into a
 * table with the same key, same machine, same run.
 */
import { csvLine } from "../infra/db.ts";
import { defaultHttpTuning } from "../feeds/http.ts";
import { groupByCell } from "../feeds/locations.ts";
import type { Services } from "../lib/runtime.ts";
import { FAKE_START, openMeteoBody } from "../tests/support/fake_feeds.ts";
import { feedsJob } from "../workers/feeds.ts";
import { runJob } from "../workers/runner.ts";
import { report } from "./http.ts";

const PLACES = 200;
const HOURS = 7 * 24;

export async function benchFeeds(services: Services) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    const body = openMeteoBody(
      Number(url.searchParams.get("latitude")),
      Number(url.searchParams.get("longitude")),
      [
        "temperature_2m",
        "relative_humidity_2m",
        "apparent_temperature",
        "precipitation",
        "wind_speed_10m",
      ],
      { hours: HOURS },
    );
    return Response.json(body);
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const locations = groupByCell(
    Array.from(
      { length: PLACES },
      (_, i) => ({
        site: `bench:${i}`,
        lat: 60 + (i % 20) * 0.2,
        lon: 10 + Math.floor(i / 20) * 0.2,
      }),
    ),
  );
  const s = {
    ...services,
    config: { ...services.config, FEEDS: "on" as const, OPEN_METEO_URL: base },
  };
  const job = feedsJob({
    only: ["open_meteo"],
    locations,
    tuning: { ...defaultHttpTuning, retries: 0 },
    minIntervalMs: 0,
    concurrency: 8,
  });
  const now = new Date(FAKE_START + HOURS * 3_600_000);
  const { db } = services;
  try {
    let t = performance.now();
    const run = await runJob(s, job, { now });
    const runSeconds = (performance.now() - t) / 1000;
    if (run.outcome !== "ok") throw new Error(`feeds run failed: ${run.error}`);
    t = performance.now();
    const again = await runJob(s, job, { now });
    const againSeconds = (performance.now() - t) / 1000;

    const rows = await db.query<Record<string, unknown>>(
      `SELECT source, location_key, lat, lon, ts, metric, value, derived_from FROM environment_readings
       WHERE source = 'open_meteo' AND lat >= 60 AND ts >= $1 AND ts < $2`,
      [new Date(FAKE_START), new Date(FAKE_START + HOURS * 3_600_000)],
    );
    const csv = rows.map((r) => csvLine(Object.values(r))).join("");
    await db.exec(`DROP TABLE IF EXISTS bench_env_copy;
      CREATE TABLE bench_env_copy (LIKE environment_readings INCLUDING DEFAULTS);
      ALTER TABLE bench_env_copy ADD PRIMARY KEY (source, location_key, ts, metric)`);
    t = performance.now();
    await db.copyIn(
      "bench_env_copy",
      ["source", "location_key", "lat", "lon", "ts", "metric", "value", "derived_from"],
      csv,
    );
    const copySeconds = (performance.now() - t) / 1000;
    console.log(
      `feeds: ${locations.length} places × ${HOURS} h → ${run.rows} rows stored in ${
        runSeconds.toFixed(2)
      } s; ` +
        `same window again: ${again.rows} rows changed in ${againSeconds.toFixed(2)} s`,
    );
    return report(
      "feeds run (HTTP + parse + heat index + idempotent upsert)",
      run.rows / runSeconds,
      "plain COPY of the same rows",
      rows.length / copySeconds,
      "rows/s",
    );
  } finally {
    await db.exec("DROP TABLE IF EXISTS bench_env_copy");
    await db.query(
      "DELETE FROM environment_readings WHERE source = 'open_meteo' AND lat >= 60 AND ts >= $1",
      [
        new Date(FAKE_START),
      ],
    );
    await server.shutdown();
  }
}
