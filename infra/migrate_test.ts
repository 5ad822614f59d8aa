import { expect } from "expect";
import { dbTest } from "../tests/support/services.ts";
import { migrate, readMigrations } from "./migrate.ts";

dbTest("migrations: numbered files apply once; concurrent runs never race", async ({ db }) => {
  const files = await readMigrations();
  expect(files.length).toBeGreaterThan(0);
  expect(files.map((f) => f.id)).toEqual([...files.map((f) => f.id)].sort((a, b) => a - b));
  const again = await Promise.all([migrate(db), migrate(db)]);
  expect(again).toEqual([[], []]);
  const applied = await db.query<{ id: number }>("SELECT id FROM schema_migrations ORDER BY id");
  expect(applied.map((r) => r.id)).toEqual(files.map((f) => f.id));
});

dbTest(
  "schema: hourly tables are partitioned (or hypertables) and never refuse a row",
  async ({ db }) => {
    const rows = await db.query<{ relname: string }>(
      `SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
     ORDER BY 1`,
    );
    const timescale = (await db.query("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'"))
      .length > 0;
    if (!timescale) {
      expect(rows.map((r) => r.relname)).toEqual(
        ["encounters", "environment_readings", "forecasts", "observations"],
      );
    }
    // A reading far outside any month partition lands in the DEFAULT partition, then moves.
    const ts = "2001-02-03T04:00:00Z";
    await db.query(
      `INSERT INTO environment_readings (source, location_key, lat, lon, ts, metric, value)
     VALUES ('test', 'grid:0,0', 0, 0, $1, 'pm25', 7)`,
      [ts],
    );
    await db.query("SELECT fs_ensure_partitions('environment_readings', 'ts', $1, $1)", [ts]);
    const where = await db.query<{ part: string; value: number }>(
      `SELECT tableoid::regclass::text AS part, value FROM environment_readings
     WHERE source = 'test' AND ts = $1`,
      [ts],
    );
    expect(where).toHaveLength(1);
    expect(where[0].value).toBe(7);
    if (!timescale) expect(where[0].part).toBe("environment_readings_p200102");
    await db.query("DELETE FROM environment_readings WHERE source = 'test'");
  },
);
