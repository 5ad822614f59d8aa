import { expect } from "expect";
import { dbTest } from "../tests/support/services.ts";
import { storeReadings } from "../feeds/store.ts";
import type { Reading } from "../feeds/types.ts";
import { dayRanges, rollupJob } from "./rollup.ts";
import { runJob } from "./runner.ts";

const H = 3_600_000;
const DAY = 24 * H;

Deno.test("changed days merge into consecutive ranges", () => {
  const d = (i: number) => new Date(Date.UTC(2031, 0, 1) + i * DAY);
  expect(dayRanges([d(0), d(1), d(2), d(5)])).toEqual([[d(0), d(3)], [d(5), d(6)]]);
  expect(dayRanges([])).toEqual([]);
});

dbTest(
  "rollup: hourly and daily aggregates per place and hospital, refreshed when data changes",
  async (s) => {
    const day = Date.UTC(2030, 2, 3);
    const reading = (hour: number, minute: number, value: number): Reading => ({
      source: "rollup_test",
      locationKey: "grid:1.00,2.00",
      lat: 1,
      lon: 2,
      ts: new Date(day + hour * H + minute * 60_000),
      metric: "pm25",
      value,
    });
    await storeReadings(s.db, [reading(0, 0, 10), reading(0, 30, 20), reading(5, 0, 30)]);
    const first = await runJob(s, rollupJob);
    expect(first.outcome).toBe("ok");
    const hourly = await s.db.query<{ bucket: Date; avg: number; n: number }>(
      "SELECT bucket, avg, n FROM env_hourly WHERE source = 'rollup_test' ORDER BY bucket",
    );
    expect(hourly.map((r) => [new Date(r.bucket).getTime(), r.avg, r.n])).toEqual([
      [day, 15, 2],
      [day + 5 * H, 30, 1],
    ]);
    const [daily] = await s.db.query<{ avg: number; min: number; max: number; n: number }>(
      "SELECT avg, min, max, n FROM env_daily WHERE source = 'rollup_test'",
    );
    expect(daily).toEqual({ avg: 20, min: 10, max: 30, n: 3 });

    // A corrected value (and nothing else) reaches the aggregates on the next run.
    await storeReadings(s.db, [reading(5, 0, 60)]);
    await runJob(s, rollupJob);
    const [fixed] = await s.db.query<{ avg: number; max: number }>(
      "SELECT avg, max FROM env_daily WHERE source = 'rollup_test'",
    );
    expect(fixed).toEqual({ avg: 30, max: 60 });

    // Daily hospital aggregates match the hourly observations they come from.
    const [obs] = await s.db.query<{ hospital_id: string; day: Date; total: number }>(
      `SELECT hospital_id, date_trunc('day', ts) AS day, sum(ed_arrivals)::int AS total
     FROM observations GROUP BY 1, 2 ORDER BY 2 DESC, 1 LIMIT 1 OFFSET 3`,
    );
    const [agg] = await s.db.query<{ ed_arrivals: number; hours: number }>(
      "SELECT ed_arrivals, hours FROM obs_daily WHERE hospital_id = $1 AND bucket = $2",
      [obs.hospital_id, obs.day],
    );
    expect(agg.ed_arrivals).toBe(obs.total);
  },
);
