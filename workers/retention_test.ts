import { expect } from "expect";
import { dbTest } from "../tests/support/services.ts";
import type { Services } from "../lib/runtime.ts";
import { retentionJob, retentionRules } from "./retention.ts";
import { runJob } from "./runner.ts";

const H = 3_600_000;
const D = 24 * H;

async function count(s: Services, sql: string, params: unknown[] = []) {
  return (await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
}

Deno.test("retention windows follow the configuration of CONTRACT.md", () => {
  const rules = retentionRules({
    RETENTION_RAW_DAYS: 90,
    RETENTION_AGG_DAYS: 365,
    RETENTION_FORECAST_DAYS: 30,
    RETENTION_PLAN_DAYS: 90,
  } as never);
  const days = Object.fromEntries(rules.map((r) => [r.table, r.days]));
  expect(days).toMatchObject({
    observations: 90,
    encounters: 90,
    environment_readings: 90,
    env_hourly: 365,
    env_daily: 365,
    obs_daily: 365,
    forecasts: 30,
    plans: 90,
    webhook_deliveries: 90,
  });
});

dbTest(
  "retention with the clock moved forward removes exactly what is past each window",
  async (s) => {
    // The clock moves 2 days: only rows that real time would expire within 2 days are at stake,
    // so the shared test data (28 days of demo history) is safe.
    const real = Math.floor(Date.now() / H) * H;
    const now = new Date(real + 2 * D);
    const at = (days: number, hours: number) => new Date(now.getTime() - days * D + hours * H);
    const [h] = await s.db.query<{ id: string; org_id: string }>(
      "SELECT id, org_id FROM hospitals ORDER BY name LIMIT 1",
    );
    const oldMonth = new Date(real - 150 * D);
    await s.db.query("SELECT fs_ensure_partitions('environment_readings', 'ts', $1, $2)", [
      oldMonth,
      new Date(oldMonth.getTime() + 1),
    ]);
    const partition = `environment_readings_p${
      oldMonth.toISOString().slice(0, 7).replace("-", "")
    }`;

    // Raw: 90 days. One hour past the cutoff goes, one hour inside stays.
    for (const ts of [at(90, -1), at(90, 1)]) {
      await s.db.query(
        `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals, source)
       VALUES ($1, $2, $3, 5, 'retention_test')`,
        [h.org_id, h.id, ts],
      );
    }
    for (const ts of [at(90, -1), at(90, 0), at(90, 1), oldMonth]) {
      await s.db.query(
        `INSERT INTO environment_readings (source, location_key, lat, lon, ts, metric, value)
       VALUES ('retention_test', 'grid:0.00,0.00', 0, 0, $1, 'pm25', 1)`,
        [ts],
      );
    }
    // Aggregates: 365 days.
    for (const ts of [at(365, -1), at(365, 1)]) {
      await s.db.query(
        `INSERT INTO env_hourly (source, location_key, bucket, metric, avg, min, max, n)
       VALUES ('retention_test', 'grid:0.00,0.00', $1, 'pm25', 1, 1, 1, 1)`,
        [ts],
      );
    }
    // Forecasts: 30 days, by issue time.
    for (const ts of [at(30, -1), at(30, 1)]) {
      await s.db.query(
        `INSERT INTO forecasts (org_id, hospital_id, issued_at, model_version, ts, p10, p50, p90)
       VALUES ($1, $2, $3, 'retention_test', $3, 1, 2, 3)`,
        [h.org_id, h.id, ts],
      );
    }
    // Plans (and their recommendations): 90 days.
    const planIds: string[] = [];
    for (const ts of [at(90, -1), at(90, 1)]) {
      const [p] = await s.db.query<{ id: string }>(
        `INSERT INTO plans (org_id, hospital_id, created_at, summary) VALUES ($1, $2, $3, '{"test": "retention"}')
       RETURNING id`,
        [h.org_id, h.id, ts],
      );
      planIds.push(p.id);
      await s.db.query(
        `INSERT INTO recommendations (plan_id, org_id, agent, priority, title, action, rationale, owner_role)
       VALUES ($1, $2, 'test', 'low', 't', 'a', 'r', 'admin')`,
        [p.id, h.org_id],
      );
    }
    const demoObservations = await count(s, "observations WHERE source <> 'retention_test'");
    const demoEnvironment = await count(s, "environment_readings WHERE source <> 'retention_test'");

    const report = await runJob(s, retentionJob, { now });
    expect(report.outcome).toBe("ok");

    const kept = async (table: string, col: string) =>
      (await s.db.query<{ t: Date }>(
        `SELECT ${col} AS t FROM ${table} WHERE ${
          table === "env_hourly" || table === "environment_readings" || table === "observations"
            ? "source = 'retention_test'"
            : table === "forecasts"
            ? "model_version = 'retention_test'"
            : "summary->>'test' = 'retention'"
        } ORDER BY 1`,
      )).map((r) => new Date(r.t).toISOString());
    expect(await kept("observations", "ts")).toEqual([at(90, 1).toISOString()]);
    // The cutoff itself is inside the window: only rows strictly older go.
    expect(await kept("environment_readings", "ts")).toEqual([
      at(90, 0).toISOString(),
      at(90, 1).toISOString(),
    ]);
    expect(await kept("env_hourly", "bucket")).toEqual([at(365, 1).toISOString()]);
    expect(await kept("forecasts", "issued_at")).toEqual([at(30, 1).toISOString()]);
    expect(await kept("plans", "created_at")).toEqual([at(90, 1).toISOString()]);
    expect(await count(s, "recommendations WHERE plan_id = $1", [planIds[0]])).toBe(0);
    expect(await count(s, "recommendations WHERE plan_id = $1", [planIds[1]])).toBe(1);
    // The month entirely past the window went as a whole partition.
    expect(
      (await s.db.query<{ r: string | null }>("SELECT to_regclass($1)::text AS r", [partition]))[0]
        .r,
    )
      .toBeNull();
    const [run] = await s.db.query<
      { detail: Record<string, { rows: number; droppedPartitions: number }> }
    >(
      "SELECT detail FROM job_runs WHERE id = $1",
      [report.runId],
    );
    expect(run.detail.environment_readings.droppedPartitions).toBeGreaterThanOrEqual(1);
    // Nothing inside the windows was touched.
    expect(await count(s, "observations WHERE source <> 'retention_test'")).toBe(demoObservations);
    expect(await count(s, "environment_readings WHERE source <> 'retention_test'")).toBe(
      demoEnvironment,
    );

    // Running it again removes nothing more.
    const again = await runJob(s, retentionJob, { now });
    expect(again.rows).toBe(0);
  },
);
