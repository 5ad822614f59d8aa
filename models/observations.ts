import type { Queryable } from "../infra/db.ts";

/** What the overview shows per hospital: the last 24 h and the latest hour. */
export interface HospitalLoad {
  hospitalId: string;
  arrivals24h: number;
  latestTs: Date | null;
  latestOccupancy: number | null;
  latestBedsAvailable: number | null;
}

/**
 * Arrivals over the 24 h before `now` and the latest hour reported in that window, per hospital
 * of an org. A hospital with nothing in the window shows no occupancy: stale data must not pass
 * for current readiness.
 */
export function recentLoad(
  db: Queryable,
  orgId: string,
  now = new Date(),
): Promise<HospitalLoad[]> {
  return db.query<HospitalLoad>(
    `WITH recent AS (
       SELECT hospital_id, ts, ed_arrivals, ed_occupancy, beds_available FROM observations
       WHERE org_id = $1 AND ts > $2::timestamptz - interval '24 hours' AND ts <= $2),
     latest AS (
       SELECT DISTINCT ON (hospital_id) hospital_id, ts, ed_occupancy, beds_available
       FROM recent ORDER BY hospital_id, ts DESC),
     totals AS (SELECT hospital_id, sum(ed_arrivals)::int AS n FROM recent GROUP BY hospital_id)
     SELECT h.id AS "hospitalId", coalesce(t.n, 0) AS "arrivals24h", l.ts AS "latestTs",
       l.ed_occupancy AS "latestOccupancy", l.beds_available AS "latestBedsAvailable"
     FROM hospitals h
     LEFT JOIN totals t ON t.hospital_id = h.id
     LEFT JOIN latest l ON l.hospital_id = h.id
     WHERE h.org_id = $1`,
    [orgId, now],
  );
}

/** Hourly (or daily) ED arrivals of one hospital in [from, to). */
export function arrivalSeries(
  db: Queryable,
  hospitalId: string,
  from: Date,
  to: Date,
  bucket: "1 hour" | "1 day" = "1 hour",
): Promise<{ ts: Date; edArrivals: number; edOccupancy: number | null }[]> {
  return db.query(
    `SELECT date_bin($4::interval, ts, timestamptz '2000-01-01') AS ts,
       sum(ed_arrivals)::int AS "edArrivals", max(ed_occupancy)::int AS "edOccupancy"
     FROM observations WHERE hospital_id = $1 AND ts >= $2 AND ts < $3
     GROUP BY 1 ORDER BY 1`,
    [hospitalId, from, to, bucket],
  );
}

/** What the census of one hospital needs from its observations before a forecast origin. */
export interface CensusHistory {
  /** Latest reported ED occupancy in the 24 h before origin, and its hour. */
  occupancy: number | null;
  occupancyAt: Date | null;
  /** Hourly arrivals over `hours` hours before origin (NaN where none was reported). */
  arrivals: Float64Array;
  /** Hours of the last 28 days with both occupancy and arrivals, and their means (Little's law). */
  paired: { hours: number; meanOccupancy: number; meanArrivals: number };
}

/** Occupancy, recent arrivals and Little's-law pairs of a hospital before `origin`. */
export async function censusHistory(
  db: Queryable,
  orgId: string,
  hospitalId: string,
  origin: Date,
  hours: number,
): Promise<CensusHistory> {
  const from = new Date(origin.getTime() - hours * 3_600_000);
  const [latest] = await db.query<{ ts: Date; occ: number }>(
    `SELECT ts, ed_occupancy AS occ FROM observations
     WHERE org_id = $1 AND hospital_id = $2 AND ed_occupancy IS NOT NULL
       AND ts < $3 AND ts >= $3::timestamptz - interval '24 hours'
     ORDER BY ts DESC LIMIT 1`,
    [orgId, hospitalId, origin],
  );
  const rows = await db.query<{ t: number; y: number }>(
    `SELECT (extract(epoch FROM ts) * 1000)::float8 AS t, ed_arrivals AS y FROM observations
     WHERE org_id = $1 AND hospital_id = $2 AND ts >= $3 AND ts < $4`,
    [orgId, hospitalId, from, origin],
  );
  const arrivals = new Float64Array(hours).fill(NaN);
  for (const r of rows) {
    const i = Math.round((Number(r.t) - from.getTime()) / 3_600_000);
    if (i >= 0 && i < hours) arrivals[i] = Number(r.y);
  }
  const [pairs] = await db.query<{ n: number; occ: number | null; arr: number | null }>(
    `SELECT count(*)::int AS n, avg(ed_occupancy)::float8 AS occ, avg(ed_arrivals)::float8 AS arr
     FROM observations
     WHERE org_id = $1 AND hospital_id = $2 AND ed_occupancy IS NOT NULL
       AND ts < $3 AND ts >= $3::timestamptz - interval '28 days'`,
    [orgId, hospitalId, origin],
  );
  return {
    occupancy: latest ? Number(latest.occ) : null,
    occupancyAt: latest ? new Date(latest.ts) : null,
    arrivals,
    paired: {
      hours: Number(pairs?.n ?? 0),
      meanOccupancy: Number(pairs?.occ ?? 0),
      meanArrivals: Number(pairs?.arr ?? 0),
    },
  };
}
