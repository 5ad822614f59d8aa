/**
 * 100,000 hourly observations as CSV through POST /api/observations (HTTP, streamed, validated,
 * staged and upserted) against a plain bulk load of the same file into the same table: psql
 * \copy with DATABASE_URL, Db.copyIn on PGlite otherwise (no psql can reach it).
 */
import type { Services } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { insertHospital } from "../models/hospitals.ts";
import { report } from "./http.ts";

const ROWS = 100_000;
const HOSPITALS = 10;
const HOUR = 3_600_000;

export async function benchIngest(services: Services, databaseUrl?: string) {
  const { db } = services;
  const [{ id: orgId }] = await db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [`bench-ingest-${crypto.randomUUID()}`],
  );
  const hospitals: string[] = [];
  for (let i = 0; i < HOSPITALS; i++) {
    const h = await insertHospital(db, orgId, {
      code: `bench-${i}`,
      name: `Bench ${i}`,
      lat: 33.8,
      lon: -116.5,
      edBeds: 40,
      icuBeds: 0,
      staffBaseline: 0,
      timezone: "UTC",
    });
    hospitals.push(h!.id);
  }
  // Uuids as hospitalId, so that the same file also loads with \copy into the table itself.
  const perHospital = ROWS / HOSPITALS;
  const start = Math.floor(Date.now() / HOUR) * HOUR - perHospital * HOUR;
  const lines: string[] = [];
  for (const h of hospitals) {
    for (let i = 0; i < perHospital; i++) {
      const ts = new Date(start + i * HOUR).toISOString();
      lines.push(`${h},${ts},${(i * 7) % 23},${i % 5},${(i * 3) % 40},${40 - ((i * 3) % 40)}`);
    }
  }
  const header = "hospitalId,ts,edArrivals,ambulanceArrivals,edOccupancy,bedsAvailable";
  const csv = `${header}\n${lines.join("\n")}\n`;
  const file = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(file, csv);
  const range = [new Date(start), new Date(start + perHospital * HOUR)];
  await db.query("SELECT fs_ensure_partitions('observations', 'ts', $1, $2)", range);
  const clear = () => db.query("DELETE FROM observations WHERE org_id = $1", [orgId]);

  // Baseline: the table's own bulk load of the same file (org_id through a column default).
  await db.exec(`ALTER TABLE observations ALTER COLUMN org_id SET DEFAULT '${orgId}'`);
  let baselineName: string;
  let baselineSeconds: number;
  try {
    const cols = "hospital_id, ts, ed_arrivals, ambulance_arrivals, ed_occupancy, beds_available";
    const t0 = performance.now();
    if (databaseUrl) {
      const out = await new Deno.Command("psql", {
        args: [
          databaseUrl,
          "-v",
          "ON_ERROR_STOP=1",
          "-c",
          `\\copy observations (${cols}) FROM '${file}' WITH (FORMAT csv, HEADER true)`,
        ],
        stdout: "null",
        stderr: "piped",
      }).output();
      if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
      baselineName = "psql \\copy";
    } else {
      await db.copyIn("observations", cols.split(", "), lines.join("\n") + "\n");
      baselineName = "Db.copyIn on PGlite (no psql for an embedded database)";
    }
    baselineSeconds = (performance.now() - t0) / 1000;
  } finally {
    await db.exec("ALTER TABLE observations ALTER COLUMN org_id DROP DEFAULT");
  }
  const [{ n: loaded }] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM observations WHERE org_id = $1",
    [orgId],
  );
  if (loaded !== ROWS) throw new Error(`baseline loaded ${loaded} rows`);
  await clear();

  const [{ id: createdBy }] = await db.query<{ id: string }>("SELECT id FROM users LIMIT 1");
  const { key } = await createApiKey(db, { orgId, name: "bench", scopes: ["ingest"], createdBy });
  const app = createApp(services, await loadIslandAssets());
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  try {
    const t0 = performance.now();
    const body = (await Deno.open(file)).readable;
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/observations`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
      body,
    });
    const out = await res.json();
    const apiSeconds = (performance.now() - t0) / 1000;
    if (res.status !== 200 || out.accepted !== ROWS) {
      throw new Error(`upload failed: ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
    }
    return report(
      `POST /api/observations, ${ROWS} CSV rows`,
      ROWS / apiSeconds,
      baselineName,
      ROWS / baselineSeconds,
      "rows/s",
    );
  } finally {
    await server.shutdown();
    await clear();
    await Deno.remove(file);
  }
}
