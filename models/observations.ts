import type { Queryable } from "../infra/db.ts";
import { rollupWatermark } from "./rollups.ts";

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

export interface ArrivalBucket {
  ts: Date;
  edArrivals: number;
  edOccupancy: number | null;
}

/**
 * Hourly (or daily) ED arrivals of one hospital in [from, to). Daily buckets come from the
 * obs_daily rollup for the whole UTC days it has (models/rollups.ts), and from the hourly rows
 * for partial days at the ends of the range and for days that changed since the last rollup, so
 * the answer is the same as summing the hours, only cheaper; and it still covers the days whose
 * hourly rows retention has already removed (obs_daily is kept longer).
 */
export async function arrivalSeries(
  db: Queryable,
  hospitalId: string,
  from: Date,
  to: Date,
  bucket: "1 hour" | "1 day" = "1 hour",
): Promise<ArrivalBucket[]> {
  if (bucket === "1 day") {
    const firstDay = new Date(Math.ceil(from.getTime() / DAY) * DAY);
    const endDay = new Date(Math.floor(to.getTime() / DAY) * DAY);
    const watermark = firstDay < endDay ? await rollupWatermark(db, "observations") : null;
    if (watermark) {
      return dailyFromRollup(db, hospitalId, { from, to, firstDay, endDay, watermark });
    }
  }
  return db.query(
    `SELECT date_bin($4::interval, ts, timestamptz '2000-01-01') AS ts,
       sum(ed_arrivals)::int AS "edArrivals", max(ed_occupancy)::int AS "edOccupancy"
     FROM observations WHERE hospital_id = $1 AND ts >= $2 AND ts < $3
     GROUP BY 1 ORDER BY 1`,
    [hospitalId, from, to, bucket],
  );
}

const DAY = 86_400_000;

/**
 * Daily buckets: obs_daily for the whole days [firstDay, endDay) except those with hourly rows
 * ingested after the rollup's watermark ("dirty"), which are summed from the hours like the
 * partial days [from, firstDay) and [endDay, to).
 */
function dailyFromRollup(
  db: Queryable,
  hospitalId: string,
  r: { from: Date; to: Date; firstDay: Date; endDay: Date; watermark: Date },
): Promise<ArrivalBucket[]> {
  return db.query(
    `WITH dirty AS (
       SELECT DISTINCT date_trunc('day', ts) AS day FROM observations
       WHERE hospital_id = $1 AND ingested_at > $6 AND ts >= $4 AND ts < $5),
     hours AS (
       SELECT ts, ed_arrivals, ed_occupancy FROM observations
       WHERE hospital_id = $1 AND ((ts >= $2 AND ts < $4) OR (ts >= $5 AND ts < $3))
       UNION ALL
       SELECT o.ts, o.ed_arrivals, o.ed_occupancy FROM dirty d JOIN observations o
         ON o.hospital_id = $1 AND o.ts >= d.day AND o.ts < d.day + interval '1 day'
         -- Constant bounds too, so that partitions are pruned when the query is planned.
         AND o.ts >= $4 AND o.ts < $5)
     SELECT bucket AS ts, ed_arrivals AS "edArrivals", ed_occupancy_max AS "edOccupancy"
     FROM obs_daily
     WHERE hospital_id = $1 AND bucket >= $4 AND bucket < $5
       AND bucket NOT IN (SELECT day FROM dirty)
     UNION ALL
     SELECT date_bin('1 day', ts, timestamptz '2000-01-01'), sum(ed_arrivals)::int,
       max(ed_occupancy)::int
     FROM hours GROUP BY 1
     ORDER BY 1`,
    [hospitalId, r.from, r.to, r.firstDay, r.endDay, r.watermark],
  );
}

/** One stored hour of ED arrivals: hospital id, epoch ms, arrivals (compact, for the models). */
export interface ArrivalPoint {
  h: string;
  t: number;
  y: number;
}

/** The first and last hour stored in any organisation (nulls when there are none). */
export async function observationTimeRange(
  db: Queryable,
): Promise<{ from: Date | null; to: Date | null }> {
  const [range] = await db.query<{ from: Date | null; to: Date | null }>(
    `SELECT min(ts) AS "from", max(ts) AS "to" FROM observations`,
  );
  return range ?? { from: null, to: null };
}

/** Every stored hour of every hospital (model training over the whole database). */
export function allArrivalPoints(db: Queryable): Promise<ArrivalPoint[]> {
  return db.query<ArrivalPoint>(
    `SELECT hospital_id AS h, (extract(epoch FROM ts) * 1000)::float8 AS t, ed_arrivals AS y
     FROM observations`,
  );
}

/** The stored hours in [from, to) of some hospitals of an organisation. */
export function arrivalPoints(
  db: Queryable,
  orgId: string,
  hospitalIds: string[],
  from: Date,
  to: Date,
): Promise<ArrivalPoint[]> {
  return db.query<ArrivalPoint>(
    `SELECT hospital_id AS h, (extract(epoch FROM ts) * 1000)::float8 AS t, ed_arrivals AS y
     FROM observations WHERE org_id = $1 AND hospital_id = ANY($2::uuid[]) AND ts >= $3 AND ts < $4`,
    [orgId, hospitalIds, from, to],
  );
}

/** The newest hour an organisation has from one source, or null. */
export async function latestObservationTs(
  db: Queryable,
  orgId: string,
  source: string,
): Promise<Date | null> {
  const [last] = await db.query<{ ts: Date | null }>(
    "SELECT max(ts) AS ts FROM observations WHERE org_id = $1 AND source = $2",
    [orgId, source],
  );
  return last?.ts ? new Date(last.ts) : null;
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

/** Per hospital of an organisation: how many hours of arrivals are stored, first and last. */
export function arrivalCoverage(
  db: Queryable,
  orgId: string,
): Promise<{ hospitalId: string; hours: number; from: Date; to: Date }[]> {
  return db.query(
    `SELECT hospital_id AS "hospitalId", count(*)::int AS hours, min(ts) AS "from",
       max(ts) AS "to"
     FROM observations WHERE org_id = $1 GROUP BY hospital_id`,
    [orgId],
  );
}

/**
 * The newest reported hour (at or before `now`) of each hospital of an organisation, null where
 * none: what data freshness is judged on (domain/freshness.ts). One primary-key probe each.
 */
export async function latestDataTs(
  db: Queryable,
  orgId: string,
  now: Date,
): Promise<Map<string, Date | null>> {
  const rows = await db.query<{ hospitalId: string; ts: Date | null }>(
    `SELECT h.id AS "hospitalId",
       (SELECT max(o.ts) FROM observations o
        WHERE o.hospital_id = h.id AND o.org_id = h.org_id AND o.ts <= $2) AS ts
     FROM hospitals h WHERE h.org_id = $1`,
    [orgId, now],
  );
  return new Map(rows.map((r) => [r.hospitalId, r.ts ? new Date(r.ts) : null]));
}
