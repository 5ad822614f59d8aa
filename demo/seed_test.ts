import { expect } from "expect";
import { openDb } from "../infra/db.ts";
import { migrate } from "../infra/migrate.ts";
import { seedDemo } from "./seed.ts";
import { extendDemo } from "./live.ts";
import { DEMO_HOSPITALS, DEMO_ORG_NAME, demoEvents, pacificToUtc } from "./region.ts";
import { gridKey } from "../domain/grid.ts";

const HOUR_MS = 3_600_000;
const NOW = new Date("2025-04-20T18:25:00Z"); // Coachella 2025 weekend 2, Sunday
const DAYS = 14;

Deno.test("demoEvents places real events at their calendar dates plus the illustrative one", () => {
  const events = demoEvents(NOW);
  expect(new Set(events.map((e) => e.code)).size).toBe(events.length);
  for (const e of events) expect(e.endsAt.getTime()).toBeGreaterThan(e.startsAt.getTime());
  expect(events.some((e) => e.endsAt < NOW)).toBe(true);
  expect(events.some((e) => e.startsAt > NOW)).toBe(true);
  // Coachella 2025: 11–13 and 18–20 April, gates at noon PDT (19:00 UTC).
  const coachella = events.filter((e) => e.code.startsWith("coachella-2025"));
  expect(coachella.map((e) => e.code.slice(-5))).toEqual([
    "04-11",
    "04-12",
    "04-13",
    "04-18",
    "04-19",
    "04-20",
  ]);
  expect(coachella[0].startsAt.toISOString()).toBe("2025-04-11T19:00:00.000Z");
  expect(events.find((e) => e.code === "stagecoach-2025-04-25")).toBeDefined();
  expect(events.find((e) => e.code === "festival-of-lights-2024-12-07")).toBeDefined();
  expect(events.find((e) => e.code === "palm-springs-pride-2024-11-03")).toBeDefined();
  expect(events.find((e) => e.code === "bnp-paribas-open-2025-03-16")).toBeDefined();
  expect(events.find((e) => e.code === "date-festival-2025-02-14")).toBeDefined();
  const market = events.find((e) => e.name === "Desert Holiday Night Market (illustrative)")!;
  expect(market.startsAt.toISOString()).toBe("2025-04-22T00:00:00.000Z"); // 18:00 + 30 h
  expect(market.endsAt.getTime() - market.startsAt.getTime()).toBe(6 * HOUR_MS);
  expect(market.type).toBe("fair");
});

Deno.test("pacificToUtc follows US daylight-saving rules", () => {
  expect(pacificToUtc(2025, 1, 15, 12).toISOString()).toBe("2025-01-15T20:00:00.000Z");
  expect(pacificToUtc(2025, 3, 8, 12).toISOString()).toBe("2025-03-08T20:00:00.000Z");
  expect(pacificToUtc(2025, 3, 9, 12).toISOString()).toBe("2025-03-09T19:00:00.000Z");
  expect(pacificToUtc(2025, 11, 1, 12).toISOString()).toBe("2025-11-01T19:00:00.000Z");
  expect(pacificToUtc(2025, 11, 2, 12).toISOString()).toBe("2025-11-02T20:00:00.000Z");
  expect(gridKey(33.8375, -116.5457)).toBe("grid:33.80,-116.50");
});

Deno.test({
  name: "seedDemo seeds once, idempotently, and recovers an interrupted seed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const db = await openDb({});
    try {
      await migrate(db);
      const count = async (sql: string, params: unknown[] = []) =>
        (await db.query<{ n: number }>(sql, params))[0].n;
      const counts = async () => ({
        orgs: await count("SELECT count(*)::int AS n FROM orgs"),
        hospitals: await count("SELECT count(*)::int AS n FROM hospitals"),
        events: await count("SELECT count(*)::int AS n FROM events"),
        observations: await count("SELECT count(*)::int AS n FROM observations"),
        environment: await count("SELECT count(*)::int AS n FROM environment_readings"),
      });
      const hours = DAYS * 24;
      const events = demoEvents(NOW);
      const cells = new Set([...DEMO_HOSPITALS, ...events].map((p) => gridKey(p.lat, p.lon)));
      const expected = {
        orgs: 1,
        hospitals: DEMO_HOSPITALS.length,
        events: events.length,
        observations: DEMO_HOSPITALS.length * hours,
        environment: cells.size * hours * 7,
      };

      await t.step("first call seeds the region", async () => {
        const result = await seedDemo(db, { now: NOW, days: DAYS });
        expect(result).toEqual({
          seeded: true,
          hospitals: expected.hospitals,
          events: expected.events,
          observations: expected.observations,
          environment: expected.environment,
        });
        expect(await counts()).toEqual(expected);
        const [org] = await db.query<{ name: string; is_demo: boolean }>(
          "SELECT name, is_demo FROM orgs",
        );
        expect(org).toEqual({ name: DEMO_ORG_NAME, is_demo: true });
        const [marker] = await db.query<{ value: string }>(
          "SELECT value FROM app_secrets WHERE name = 'demo_seed'",
        );
        expect(marker.value).toBe("done");
      });

      await t.step("observations are hourly, non-negative and end at now's hour", async () => {
        const [s] = await db.query<
          { min_arrivals: number; bad_amb: number; first: Date; last: Date; sources: string[] }
        >(
          `SELECT min(ed_arrivals) AS min_arrivals,
             count(*) FILTER (WHERE ambulance_arrivals > ed_arrivals)::int AS bad_amb,
             min(ts) AS first, max(ts) AS last, array_agg(DISTINCT source) AS sources
           FROM observations`,
        );
        expect(s.min_arrivals).toBeGreaterThanOrEqual(0);
        expect(s.bad_amb).toBe(0);
        expect(s.sources).toEqual(["demo"]);
        expect(new Date(s.last).toISOString()).toBe("2025-04-20T17:00:00.000Z");
        expect(new Date(s.first).toISOString()).toBe("2025-04-06T18:00:00.000Z");
      });

      await t.step("environment readings are long-form with derived metrics", async () => {
        const rows = await db.query<{ metric: string; n: number; derived: string | null }>(
          `SELECT metric, count(*)::int AS n, max(derived_from) AS derived
           FROM environment_readings GROUP BY metric ORDER BY metric`,
        );
        const per = cells.size * hours;
        expect(rows).toEqual([
          { metric: "aqi", n: per, derived: "epa_aqi_2024" },
          { metric: "heat_index_c", n: per, derived: "nws_heat_index" },
          { metric: "ozone", n: per, derived: null },
          { metric: "pm10", n: per, derived: null },
          { metric: "pm25", n: per, derived: null },
          { metric: "relative_humidity", n: per, derived: null },
          { metric: "temperature_c", n: per, derived: null },
        ]);
        const keys = await db.query<{ location_key: string }>(
          "SELECT DISTINCT location_key FROM environment_readings ORDER BY 1",
        );
        expect(keys.map((k) => k.location_key)).toEqual([...cells].sort());
        // Coachella Valley in April: hot afternoons, dry air.
        const [t] = await db.query<{ max: number; rh: number }>(
          `SELECT max(value) FILTER (WHERE metric = 'temperature_c') AS max,
             avg(value) FILTER (WHERE metric = 'relative_humidity') AS rh
           FROM environment_readings WHERE location_key = $1`,
          [gridKey(33.8375, -116.5457)],
        );
        expect(t.max).toBeGreaterThan(25);
        expect(t.rh).toBeLessThan(60);
      });

      await t.step("a second call seeds nothing and changes nothing", async () => {
        const result = await seedDemo(db, { now: new Date(), days: DAYS });
        expect(result).toEqual({
          seeded: false,
          hospitals: 0,
          events: 0,
          observations: 0,
          environment: 0,
        });
        expect(await counts()).toEqual(expected);
      });

      await t.step("an interrupted seed is redone; a concurrent caller seeds nothing", async () => {
        await db.query("UPDATE app_secrets SET value = 'pending:0' WHERE name = 'demo_seed'");
        await db.query("DELETE FROM observations WHERE ts > $1", [new Date("2025-04-15")]);
        const [orgBefore] = await db.query<{ id: string }>("SELECT id FROM orgs");
        const results = await Promise.all([
          seedDemo(db, { now: NOW, days: DAYS }),
          seedDemo(db, { now: NOW, days: DAYS }),
        ]);
        expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
        expect(await counts()).toEqual(expected);
        const [orgAfter] = await db.query<{ id: string }>("SELECT id FROM orgs");
        expect(orgAfter.id).toBe(orgBefore.id);
      });

      await t.step("a restart days later extends the history to the current hour", async () => {
        const later = new Date(NOW.getTime() + 50 * HOUR_MS);
        const before = await counts();
        const [extended, concurrent] = await Promise.all([
          extendDemo(db, later),
          extendDemo(db, later),
        ]);
        expect([extended, concurrent].filter(Boolean)).toHaveLength(1);
        const done = (extended ?? concurrent)!;
        expect(done.from.toISOString()).toBe("2025-04-20T18:00:00.000Z");
        expect(done.to.toISOString()).toBe("2025-04-22T20:00:00.000Z");
        expect(done.observations).toBe(DEMO_HOSPITALS.length * 50);
        const after = await counts();
        expect(after.observations).toBe(before.observations + DEMO_HOSPITALS.length * 50);
        // Hourly and gap-free per hospital across the seam.
        const gaps = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (SELECT ts - lag(ts) OVER (PARTITION BY hospital_id
             ORDER BY ts) AS step FROM observations) s WHERE step <> interval '1 hour'`,
        );
        expect(gaps[0].n).toBe(0);
        expect(await extendDemo(db, later)).toBeNull();
        expect(await counts()).toEqual(after);
      });
    } finally {
      await db.close();
    }
  },
});
