import type { Queryable } from "../infra/db.ts";
import { ensurePartitions } from "./partitions.ts";

/** One stored forecast run of a hospital (the points are ordered by time). */
export interface StoredForecast {
  hospitalId: string;
  issuedAt: Date;
  modelVersion: string;
  /** `mean`: expected arrivals of the hour (runs stored before it existed read p50). */
  points: { ts: Date; p10: number; p50: number; p90: number; mean: number }[];
}

/**
 * Stores forecast runs (72 points each); re-running an issue hour replaces its rows.
 * The CHECKs on the table (p10 ≥ 0, p10 ≤ p50 ≤ p90) are the last line of defence.
 */
export async function storeForecasts(
  db: Queryable,
  orgId: string,
  runs: {
    hospitalId: string;
    issuedAt: Date;
    modelVersion: string;
    points: { ts: string | Date; p10: number; p50: number; p90: number; mean?: number }[];
  }[],
): Promise<number> {
  if (!runs.length) return 0;
  const issued = runs.map((r) => r.issuedAt.getTime());
  await ensurePartitions(
    db,
    "forecasts",
    new Date(Math.min(...issued)),
    new Date(Math.max(...issued) + 1),
  );
  const cols = {
    h: [] as string[],
    i: [] as string[],
    v: [] as string[],
    ts: [] as string[],
    p10: [] as number[],
    p50: [] as number[],
    p90: [] as number[],
    mean: [] as (number | null)[],
  };
  for (const r of runs) {
    for (const p of r.points) {
      cols.h.push(r.hospitalId);
      cols.i.push(r.issuedAt.toISOString());
      cols.v.push(r.modelVersion);
      cols.ts.push(new Date(p.ts).toISOString());
      cols.p10.push(p.p10);
      cols.p50.push(p.p50);
      cols.p90.push(p.p90);
      cols.mean.push(Number.isFinite(p.mean) ? p.mean! : null);
    }
  }
  const rows = await db.query(
    `INSERT INTO forecasts (org_id, hospital_id, issued_at, model_version, ts, p10, p50, p90, mean)
     SELECT $1, * FROM unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::timestamptz[],
       $6::float8[], $7::float8[], $8::float8[], $9::float8[])
     ON CONFLICT (hospital_id, issued_at, ts) DO UPDATE SET model_version = excluded.model_version,
       p10 = excluded.p10, p50 = excluded.p50, p90 = excluded.p90, mean = excluded.mean
     RETURNING 1`,
    [orgId, cols.h, cols.i, cols.v, cols.ts, cols.p10, cols.p50, cols.p90, cols.mean],
  );
  return rows.length;
}

/** The latest forecast run of a hospital of an organisation, or null. */
export async function latestForecast(
  db: Queryable,
  orgId: string,
  hospitalId: string,
): Promise<StoredForecast | null> {
  const [head] = await db.query<{ issuedAt: Date }>(
    `SELECT max(issued_at) AS "issuedAt" FROM forecasts WHERE org_id = $1 AND hospital_id = $2`,
    [orgId, hospitalId],
  );
  if (!head?.issuedAt) return null;
  const points = await db.query<
    { ts: Date; p10: number; p50: number; p90: number; mean: number | null; v: string }
  >(
    `SELECT ts, p10, p50, p90, mean, model_version AS v FROM forecasts
     WHERE org_id = $1 AND hospital_id = $2 AND issued_at = $3 ORDER BY ts`,
    [orgId, hospitalId, head.issuedAt],
  );
  return {
    hospitalId,
    issuedAt: new Date(head.issuedAt),
    modelVersion: points[0]?.v ?? "",
    points: points.map((p) => ({
      ts: new Date(p.ts),
      p10: Number(p.p10),
      p50: Number(p.p50),
      p90: Number(p.p90),
      mean: p.mean === null || p.mean === undefined ? Number(p.p50) : Number(p.mean),
    })),
  };
}

/** When the hospital's newest forecast was issued, or null. */
export async function latestForecastIssuedAt(
  db: Queryable,
  orgId: string,
  hospitalId: string,
): Promise<Date | null> {
  const [row] = await db.query<{ issuedAt: Date | null }>(
    `SELECT max(issued_at) AS "issuedAt" FROM forecasts WHERE org_id = $1 AND hospital_id = $2`,
    [orgId, hospitalId],
  );
  return row?.issuedAt ? new Date(row.issuedAt) : null;
}

/** The newest issue time of every hospital of an organisation that has a forecast. */
export async function latestForecastIssuedAtByHospital(
  db: Queryable,
  orgId: string,
): Promise<Map<string, Date>> {
  const rows = await db.query<{ hospitalId: string; issuedAt: Date }>(
    `SELECT hospital_id AS "hospitalId", max(issued_at) AS "issuedAt" FROM forecasts
     WHERE org_id = $1 GROUP BY 1`,
    [orgId],
  );
  return new Map(rows.map((r) => [r.hospitalId, new Date(r.issuedAt)]));
}
