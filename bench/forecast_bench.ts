import type { Services } from "../lib/runtime.ts";
import { report } from "./http.ts";
import { ensureActiveModel } from "../ml/registry.ts";
import { createSession, runSession } from "../ml/onnx_runtime.ts";
import { forwardEnsemble } from "../ml/ensemble.ts";
import { ensembleFromOnnx } from "../ml/onnx_export.ts";
import { runForecast } from "../workers/forecast.ts";
import { findDemoOrgId } from "../models/orgs.ts";

async function time(fn: () => unknown | Promise<unknown>, repeat: number): Promise<number> {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) await fn();
  return (performance.now() - t0) / repeat / 1000;
}

/** Adds an organisation of `n` hospitals with 28 days of history copied from the demo. */
async function addBenchHospitals(s: Services, n: number) {
  const demo = await findDemoOrgId(s.db);
  const [org] = await s.db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [`forecast bench ${crypto.randomUUID()}`],
  );
  await s.db.query(
    `INSERT INTO hospitals (org_id, code, name, lat, lon, ed_beds, timezone)
     SELECT $1, 'bench-' || g, 'Bench ' || g, h.lat, h.lon, h.ed_beds, h.timezone
     FROM generate_series(1, $2) g
     JOIN LATERAL (SELECT * FROM hospitals WHERE org_id = $3 ORDER BY code OFFSET (g % 5) LIMIT 1) h ON true`,
    [org.id, n, demo],
  );
  await s.db.query(
    `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals, source)
     SELECT $1, b.id, o.ts, o.ed_arrivals, 'bench'
     FROM hospitals b JOIN hospitals d ON d.org_id = $2 AND d.lat = b.lat AND d.lon = b.lon
     JOIN observations o ON o.hospital_id = d.id AND o.ts > now() - interval '29 days'
     WHERE b.org_id = $1`,
    [org.id, demo],
  );
}

/** ONNX Runtime Web vs plain TypeScript on 1,000 hospitals × 72 h; whole job vs inference. */
export async function benchForecast(s: Services) {
  const model = await ensureActiveModel(s.db);
  const f = model.spec.names.length, rows = 1000 * 72;
  const x = new Float32Array(rows * f), scale = new Float32Array(rows);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 12.9898) * 1.5;
  for (let i = 0; i < rows; i++) scale[i] = 1 + (i % 10);
  for (let r = 0; r < rows; r++) {
    for (const c of [...model.spec.env, model.spec.event]) x[r * f + c] = Math.abs(x[r * f + c]);
  }
  const session = await createSession(model.artifact);
  const weights = ensembleFromOnnx(model.artifact, model.spec);
  const ortS = await time(() => runSession(session, x, scale, rows), 5);
  const tsS = await time(() => forwardEnsemble(weights, x, scale, rows), 3);
  report(
    "forecast rows, onnxruntime-web (1,000 hospitals × 72 h)",
    rows / ortS,
    "same ensemble in plain TypeScript",
    rows / tsS,
    "rows/s",
  );

  await addBenchHospitals(s, 200);
  let jobRows = 0;
  const jobS = await time(async () => jobRows = (await runForecast(s.db, new Date())).rows, 1);
  const inferS = await time(
    () => runSession(session, x.subarray(0, jobRows * f), scale.subarray(0, jobRows), jobRows),
    5,
  );
  report(
    `forecast job (features + inference + storage, ${jobRows / 72} hospitals)`,
    jobRows / jobS,
    "inference alone",
    jobRows / inferS,
    "rows/s",
  );
  await session.release();
}
