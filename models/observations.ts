import type { Queryable } from "../lib/db.ts";

/** What the overview shows per hospital: the last 24 h and the latest hour. */
export interface HospitalLoad {
  hospitalId: string;
  arrivals24h: number;
  latestTs: Date | null;
  latestOccupancy: number | null;
  latestBedsAvailable: number | null;
}

/** Arrivals over the 24 h before `now` and the latest occupancy, per hospital of an org. */
export function recentLoad(
  db: Queryable,
  orgId: string,
  now = new Date(),
): Promise<HospitalLoad[]> {
  return db.query<HospitalLoad>(
    `SELECT h.id AS "hospitalId",
       coalesce((SELECT sum(o.ed_arrivals)::int FROM observations o
         WHERE o.hospital_id = h.id AND o.ts > $2::timestamptz - interval '24 hours'
           AND o.ts <= $2), 0) AS "arrivals24h",
       l.ts AS "latestTs", l.ed_occupancy AS "latestOccupancy",
       l.beds_available AS "latestBedsAvailable"
     FROM hospitals h
     LEFT JOIN LATERAL (SELECT ts, ed_occupancy, beds_available FROM observations o
       WHERE o.hospital_id = h.id AND o.ts <= $2 ORDER BY ts DESC LIMIT 1) l ON true
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
