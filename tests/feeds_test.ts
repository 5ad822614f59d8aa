/**
 * Feed adapters against local servers that answer in each service's documented format, through
 * the real job runner and the shared test database. Every case checks the rows stored (or
 * none), the job_runs record, and that the app still serves afterwards.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import {
  airnowBody,
  FAKE_START,
  fakeValue,
  misbehave,
  openMeteoBody,
  startFakeFeeds,
} from "./support/fake_feeds.ts";
import type { Services } from "../lib/runtime.ts";
import type { Config } from "../infra/config.ts";
import { defaultHttpTuning, type HttpTuning } from "../feeds/http.ts";
import { groupByCell } from "../feeds/locations.ts";
import type { FeedLocation, FeedName } from "../feeds/types.ts";
import { computeHeatIndexC } from "../domain/heat_index.ts";
import { feedsJob } from "../workers/feeds.ts";
import { runJob } from "../workers/runner.ts";

const H = 3_600_000;
/** The job's clock: in the middle of the fake services' 48 hours. */
const NOW = new Date(FAKE_START + 24 * H);

const slept: number[] = [];
const tuning: Partial<HttpTuning> = {
  timeoutMs: 300,
  retries: 2,
  backoffBaseMs: 1,
  backoffMaxMs: 4,
  maxRetryAfterMs: 10_000,
  sleep: (ms) => {
    slept.push(ms);
    return Promise.resolve();
  },
};

let cellNo = 0;
/** A fresh grid cell far from the demo region, so each case sees only its own rows. */
function freshCell(): FeedLocation[] {
  cellNo++;
  return groupByCell([{ site: `test:${cellNo}`, lat: -40 + cellNo * 0.3, lon: 150.02 }]);
}

type Fake = ReturnType<typeof startFakeFeeds>;

function withConfig(s: Services, fake: Fake, extra: Partial<Config> = {}): Services {
  return { ...s, config: { ...s.config, ...fake.config(), FEEDS: "on", ...extra } };
}

function pull(s: Services, fake: Fake, only: FeedName[], locations: FeedLocation[], extra = {}) {
  return runJob(
    withConfig(s, fake, extra),
    feedsJob({ only, locations, tuning: { ...defaultHttpTuning, ...tuning }, minIntervalMs: 0 }),
    { now: NOW },
  );
}

async function countRows(s: Services, key: string, source?: string) {
  const [{ n }] = await s.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM environment_readings
     WHERE location_key = $1 AND ($2::text IS NULL OR source = $2)`,
    [key, source ?? null],
  );
  return n;
}

async function jobRun(s: Services, id: number | null) {
  const [row] = await s.db.query<
    { outcome: string; rows: number; error: string | null; finished_at: Date }
  >(
    "SELECT outcome, rows, error, finished_at FROM job_runs WHERE id = $1",
    [id],
  );
  return row;
}

/** The app answers its overview page (which reads feed health) after whatever a case did. */
async function assertAppServes(s: Services) {
  const app = await buildTestApp(s);
  const res = await app.request("/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const html = await res.text();
  expect(html).toContain("Environmental feeds");
  expect(html).toContain('data-feed="open_meteo"');
}

dbTest(
  "open_meteo: nulls inside the hourly arrays are skipped; heat index only where both inputs exist",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const [loc] = freshCell();
      fake.script(
        "/v1/forecast",
        misbehave.json(openMeteoBody(loc.lat, loc.lon, [
          "temperature_2m",
          "relative_humidity_2m",
          "apparent_temperature",
          "precipitation",
          "wind_speed_10m",
        ], {
          edit: (h) => {
            h.temperature_2m[3] = null;
            h.temperature_2m[4] = null;
            h.relative_humidity_2m[5] = null;
          },
        })),
      );
      const report = await pull(s, fake, ["open_meteo"], [loc]);
      expect(report.outcome).toBe("ok");
      // 46 temperatures + 47 humidities + 3 × 48 others + 45 heat indices.
      expect(report.rows).toBe(282);
      expect(await countRows(s, loc.key, "open_meteo")).toBe(282);
      const [hi] = await s.db.query<{ value: number; derived_from: string }>(
        `SELECT value, derived_from FROM environment_readings
       WHERE location_key = $1 AND metric = 'heat_index_c' AND ts = $2`,
        [loc.key, new Date(FAKE_START + 7 * H)],
      );
      expect(hi.value).toBeCloseTo(computeHeatIndexC(fakeValue.temperature_2m(7), 40), 2);
      expect(hi.derived_from).toBe("nws_heat_index(temperature_c,relative_humidity)");
      const run = await jobRun(s, report.runId);
      expect(run.outcome).toBe("ok");
      expect(run.rows).toBe(282);
      expect(run.finished_at).not.toBeNull();
      // The request named the documented variables, in UTC.
      const call = fake.calls.find((c) => c.path === "/v1/forecast")!;
      expect(call.params.get("hourly")).toBe(
        "temperature_2m,relative_humidity_2m,apparent_temperature,precipitation,wind_speed_10m",
      );
      expect(call.params.get("timezone")).toBe("UTC");
    } finally {
      await fake.close();
    }
  },
);

dbTest(
  "open_meteo_air: pollutants stored, AQI derived by NowCast after the warm-up, us_aqi kept apart",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const [loc] = freshCell();
      const report = await pull(s, fake, ["open_meteo_air"], [loc]);
      expect(report.outcome).toBe("ok");
      // 4 × 48 raw + (pm25_nowcast + aqi) × 37 hours after the 11-hour warm-up.
      expect(await countRows(s, loc.key, "open_meteo_air")).toBe(192 + 74);
      const rows = await s.db.query<{ metric: string; value: number; derived_from: string | null }>(
        `SELECT metric, value, derived_from FROM environment_readings
       WHERE location_key = $1 AND ts = $2 ORDER BY metric`,
        [loc.key, new Date(FAKE_START + 20 * H)],
      );
      const by = Object.fromEntries(rows.map((r) => [r.metric, r]));
      expect(by.aqi_reported.value).toBe(55);
      expect(by.aqi_reported.derived_from).toBeNull();
      expect(by.aqi.derived_from).toBe("epa_aqi_2024(pm25_nowcast,pm10_nowcast,ozone_8h)");
      expect(by.aqi.value).toBeGreaterThan(50); // PM2.5 10–14 µg/m³ is "moderate" in the 2024 table
    } finally {
      await fake.close();
    }
  },
);

dbTest("HTTP 500 then success: retried with backoff, rows stored, run ok", async (s) => {
  const fake = startFakeFeeds();
  try {
    const [loc] = freshCell();
    fake.script("/v1/forecast", misbehave.status(500, "Internal Server Error"));
    slept.length = 0;
    const report = await pull(s, fake, ["open_meteo"], [loc]);
    expect(report.outcome).toBe("ok");
    expect(fake.calls.filter((c) => c.path === "/v1/forecast").length).toBe(2);
    expect(slept.length).toBe(1);
    expect(await countRows(s, loc.key)).toBe(288);
  } finally {
    await fake.close();
  }
});

dbTest(
  "a timeout on every attempt: nothing stored, a clear error in job_runs, feed degraded",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const [loc] = freshCell();
      fake.script("/v1/forecast", misbehave.slow(), misbehave.slow(), misbehave.slow());
      const report = await pull(s, fake, ["open_meteo"], [loc]);
      expect(report.outcome).toBe("failed");
      const run = await jobRun(s, report.runId);
      expect(run.outcome).toBe("failed");
      expect(run.error).toContain(`${loc.key}: open_meteo: no answer within 300 ms`);
      expect(run.error).toContain("after 3 attempts");
      expect(await countRows(s, loc.key)).toBe(0);
      const [status] = await s.db.query<{ status: string; last_error: string }>(
        "SELECT status, last_error FROM feed_status WHERE name = 'open_meteo'",
      );
      expect(status.status).toBe("degraded");
      expect(status.last_error).toContain("no answer within 300 ms");
      await assertAppServes(s);
    } finally {
      await fake.close();
    }
  },
);

dbTest("429 with Retry-After: waits as told, then stores", async (s) => {
  const fake = startFakeFeeds();
  try {
    const [loc] = freshCell();
    fake.script("/v1/air-quality", misbehave.retryAfter(429, 2));
    slept.length = 0;
    const report = await pull(s, fake, ["open_meteo_air"], [loc]);
    expect(report.outcome).toBe("ok");
    expect(slept).toEqual([2000]);
    expect(await countRows(s, loc.key)).toBe(266);
  } finally {
    await fake.close();
  }
});

dbTest("malformed JSON: not retried, nothing stored, error names it", async (s) => {
  const fake = startFakeFeeds();
  try {
    const [loc] = freshCell();
    fake.script("/v1/forecast", misbehave.malformed());
    const report = await pull(s, fake, ["open_meteo"], [loc]);
    expect(report.outcome).toBe("failed");
    expect(fake.calls.length).toBe(1);
    expect((await jobRun(s, report.runId)).error).toContain("open_meteo: malformed JSON from");
    expect(await countRows(s, loc.key)).toBe(0);
    await assertAppServes(s);
  } finally {
    await fake.close();
  }
});

dbTest(
  "schema change (a missing hourly field): nothing stored, error names the field",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const [loc] = freshCell();
      fake.script(
        "/v1/forecast",
        misbehave.json(openMeteoBody(loc.lat, loc.lon, [
          "temperature_2m",
          "apparent_temperature",
          "precipitation",
          "wind_speed_10m",
        ])),
      );
      const report = await pull(s, fake, ["open_meteo"], [loc]);
      expect(report.outcome).toBe("failed");
      const run = await jobRun(s, report.runId);
      expect(run.error).toContain(
        "open_meteo: unexpected hourly response: hourly.relative_humidity_2m",
      );
      expect(await countRows(s, loc.key)).toBe(0);
      // One bad location does not stop the others.
      const [ok] = freshCell();
      fake.script("/v3/locations", misbehave.json({ meta: {}, results: [{ id: 1 }] }));
      const two = await pull(s, fake, ["open_meteo", "openaq"], [ok]);
      expect(two.outcome).toBe("failed");
      expect(two.error).toContain("openaq: unexpected locations response: results.0.coordinates");
      expect(two.error).not.toContain("open_meteo:");
      expect(await countRows(s, ok.key, "open_meteo")).toBe(288);
      await assertAppServes(s);
    } finally {
      await fake.close();
    }
  },
);

dbTest("empty results: no rows and no error (nothing to report is not a failure)", async (s) => {
  const fake = startFakeFeeds();
  try {
    const [loc] = freshCell();
    const variables = [
      "temperature_2m",
      "relative_humidity_2m",
      "apparent_temperature",
      "precipitation",
      "wind_speed_10m",
    ] as const;
    fake.script(
      "/v1/forecast",
      misbehave.json(openMeteoBody(loc.lat, loc.lon, [...variables], { hours: 0 })),
    );
    fake.script("/v3/locations", misbehave.json({ meta: { found: 0 }, results: [] }));
    fake.script("/aq/observation", misbehave.json([]));
    const report = await pull(s, fake, ["open_meteo", "openaq", "airnow"], [loc]);
    expect(report.error).toBeNull();
    expect(report.outcome).toBe("ok");
    expect(await countRows(s, loc.key)).toBe(0);
  } finally {
    await fake.close();
  }
});

dbTest(
  "openaq: nearest monitor's latest values with X-API-Key, ozone ppm → µg/m³, AQI derived",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const [loc] = freshCell();
      const report = await pull(s, fake, ["openaq"], [loc]);
      expect(report.outcome).toBe("ok");
      expect(fake.calls.map((c) => c.path)).toEqual(["/v3/locations", "/v3/locations/2178/latest"]);
      expect(fake.calls.every((c) => c.headers.get("x-api-key") === "test-openaq-key")).toBe(true);
      expect(fake.calls[0].params.get("radius")).toBe("25000");
      const rows = await s.db.query<{ metric: string; value: number; derived_from: string | null }>(
        "SELECT metric, value, derived_from FROM environment_readings WHERE location_key = $1 ORDER BY metric",
        [loc.key],
      );
      const by = Object.fromEntries(rows.map((r) => [r.metric, r]));
      expect(by.pm25.value).toBe(12.3);
      expect(by.ozone.value).toBeCloseTo(0.05 * 1000 * 1.96, 6);
      expect(by.aqi.value).toBe(57); // PM2.5 12.3 → 57; ozone 50 ppb → 46
      expect(by.aqi.derived_from).toBe("epa_aqi_2024(pm25_1h,ozone_1h)");
    } finally {
      await fake.close();
    }
  },
);

dbTest(
  "airnow: reported AQI per pollutant at the start of the hour in UTC, key in the query only",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const [loc] = freshCell();
      fake.script(
        "/aq/observation",
        misbehave.json(airnowBody(loc.lat, loc.lon, "2031-07-01", 10)),
      );
      const report = await pull(s, fake, ["airnow"], [loc]);
      expect(report.outcome).toBe("ok");
      expect(fake.calls[0].params.get("API_KEY")).toBe("test-airnow-key");
      const rows = await s.db.query<{ metric: string; value: number; ts: Date }>(
        "SELECT metric, value, ts FROM environment_readings WHERE location_key = $1 ORDER BY metric",
        [loc.key],
      );
      expect(rows.map((r) => [r.metric, r.value])).toEqual([
        ["aqi_ozone_reported", 42],
        ["aqi_pm25_reported", 61],
        ["aqi_reported", 61],
      ]);
      // 10:00 PST = 18:00 UTC.
      expect(new Date(rows[0].ts).toISOString()).toBe("2031-07-01T18:00:00.000Z");
      // A failing AirNow call never shows the key.
      fake.script(
        "/aq/observation",
        misbehave.status(500),
        misbehave.status(500),
        misbehave.status(500),
      );
      const bad = await pull(s, fake, ["airnow"], freshCell());
      expect(bad.error).toContain("API_KEY=***");
      expect(bad.error).not.toContain("test-airnow-key");
    } finally {
      await fake.close();
    }
  },
);

dbTest(
  "feeds without a key are off, and FEEDS=off skips the job without calling anything",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const [loc] = freshCell();
      const noKeys = await pull(s, fake, ["openaq", "airnow"], [loc], {
        OPENAQ_API_KEY: undefined,
        AIRNOW_API_KEY: undefined,
      });
      expect(noKeys.outcome).toBe("ok");
      expect(fake.calls.length).toBe(0);
      const statuses = await s.db.query<{ name: string; status: string }>(
        "SELECT name, status FROM feed_status WHERE name IN ('openaq', 'airnow') ORDER BY name",
      );
      expect(statuses).toEqual([{ name: "airnow", status: "off" }, {
        name: "openaq",
        status: "off",
      }]);

      const skipped = await pull(s, fake, ["open_meteo"], [loc], { FEEDS: "off" });
      expect(skipped.outcome).toBe("skipped");
      expect(fake.calls.length).toBe(0);
      const [run] = await s.db.query<{ outcome: string; detail: { skipped: string } }>(
        "SELECT outcome, detail FROM job_runs WHERE id = $1",
        [skipped.runId],
      );
      expect(run.outcome).toBe("skipped");
      expect(run.detail.skipped).toBe("FEEDS=off");
    } finally {
      await fake.close();
    }
  },
);

dbTest("a feed failing 3 runs in a row is down with one alert; recovery resolves it", async (s) => {
  const fake = startFakeFeeds();
  try {
    const loc = freshCell();
    const openAlerts = async () =>
      (await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alerts
         WHERE kind = 'feed_down' AND resource = 'feed:open_meteo_air' AND resolved_at IS NULL`,
      ))[0].n;
    const status = async () =>
      (await s.db.query<{ status: string; consecutive_failures: number }>(
        "SELECT status, consecutive_failures FROM feed_status WHERE name = 'open_meteo_air'",
      ))[0];
    expect((await pull(s, fake, ["open_meteo_air"], loc)).outcome).toBe("ok");
    expect((await status()).status).toBe("ok");
    const states: string[] = [];
    for (let i = 0; i < 4; i++) {
      fake.script(
        "/v1/air-quality",
        misbehave.status(400, JSON.stringify({ error: true, reason: "bad" })),
      );
      expect((await pull(s, fake, ["open_meteo_air"], loc)).outcome).toBe("failed");
      states.push((await status()).status);
      expect(await openAlerts()).toBe(i >= 2 ? 1 : 0);
    }
    expect(states).toEqual(["degraded", "degraded", "down", "down"]);
    await assertAppServes(s);
    expect((await pull(s, fake, ["open_meteo_air"], loc)).outcome).toBe("ok");
    expect(await status()).toEqual({ status: "ok", consecutive_failures: 0 });
    expect(await openAlerts()).toBe(0);
  } finally {
    await fake.close();
  }
});

dbTest(
  "feeds job over the database's places: twice leaves the same rows; a correction replaces",
  async (s) => {
    const fake = startFakeFeeds();
    try {
      const services = withConfig(s, fake);
      const job = feedsJob({
        tuning: { ...defaultHttpTuning, ...tuning },
        minIntervalMs: 0,
        concurrency: 4,
      });
      const snapshot = async () =>
        (await s.db.query<{ n: number; sum: number }>(
          `SELECT count(*)::int AS n, coalesce(sum(value), 0)::float8 AS sum FROM environment_readings
         WHERE source IN ('open_meteo', 'open_meteo_air', 'openaq', 'airnow')
           AND ts >= $1 AND ts < $2 AND location_key NOT LIKE 'grid:-%'`,
          [new Date(FAKE_START), new Date(FAKE_START + 48 * H)],
        ))[0];
      const first = await runJob(services, job, { now: NOW });
      expect(first.outcome).toBe("ok");
      expect(first.rows).toBeGreaterThan(0);
      const after1 = await snapshot();
      expect(after1.n).toBe(first.rows);
      const second = await runJob(services, job, { now: NOW });
      expect(second.outcome).toBe("ok");
      expect(second.rows).toBe(0);
      expect(await snapshot()).toEqual(after1);

      // Open-Meteo corrects hour 5 for every place: 1 temperature + 1 heat index per cell change.
      const cells = (await s.db.query<{ n: number }>(
        `SELECT count(DISTINCT location_key)::int AS n FROM environment_readings
       WHERE source = 'open_meteo' AND ts = $1 AND location_key NOT LIKE 'grid:-%'`,
        [new Date(FAKE_START)],
      ))[0].n;
      const corrected = (_req: Request, url: URL) =>
        Response.json(openMeteoBody(Number(url.searchParams.get("latitude")), 0, [
          "temperature_2m",
          "relative_humidity_2m",
          "apparent_temperature",
          "precipitation",
          "wind_speed_10m",
        ], { edit: (h) => (h.temperature_2m[5] = 44.5) }));
      fake.script("/v1/forecast", ...Array.from({ length: cells }, () => corrected));
      const third = await runJob(services, job, { now: NOW });
      expect(third.outcome).toBe("ok");
      expect(third.rows).toBe(cells * 2);
      const after3 = await snapshot();
      expect(after3.n).toBe(after1.n);
      const temps = await s.db.query<{ value: number }>(
        `SELECT value FROM environment_readings WHERE source = 'open_meteo' AND metric = 'temperature_c'
         AND ts = $1 AND location_key NOT LIKE 'grid:-%'`,
        [new Date(FAKE_START + 5 * H)],
      );
      expect(temps.length).toBe(cells);
      expect(temps.every((t) => t.value === 44.5)).toBe(true);
    } finally {
      await fake.close();
    }
  },
);
