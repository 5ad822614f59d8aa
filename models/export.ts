/** Reads for the organisation export (GET /api/export): the `--data` folder layout. */
import type { Queryable } from "../infra/db.ts";

/** The first and last stored hour of an organisation's observations (nulls when none). */
export async function orgObservationRange(
  db: Queryable,
  orgId: string,
): Promise<{ from: Date | null; to: Date | null }> {
  const [r] = await db.query<{ from: Date | null; to: Date | null }>(
    `SELECT min(ts) AS "from", max(ts) AS "to" FROM observations WHERE org_id = $1`,
    [orgId],
  );
  return { from: r?.from ? new Date(r.from) : null, to: r?.to ? new Date(r.to) : null };
}

/** One hourly aggregate as observations.csv holds it (`hospitalId`: the organisation's code). */
export interface ObservationExportRow {
  hospitalId: string;
  ts: Date;
  edArrivals: number;
  ambulanceArrivals: number | null;
  edOccupancy: number | null;
  bedsAvailable: number | null;
  boarders: number | null;
  waitingRoom: number | null;
  ventilated: number | null;
  longestBoardingHours: number | null;
  lastBedWaitHours: number | null;
  diversion: boolean | null;
  diversionReason: string | null;
}

/** An organisation's hourly aggregates in [from, to), by hour and hospital code. */
export function observationsForExport(
  db: Queryable,
  orgId: string,
  from: Date,
  to: Date,
): Promise<ObservationExportRow[]> {
  return db.query<ObservationExportRow>(
    `SELECT h.code AS "hospitalId", o.ts, o.ed_arrivals AS "edArrivals",
       o.ambulance_arrivals AS "ambulanceArrivals", o.ed_occupancy AS "edOccupancy",
       o.beds_available AS "bedsAvailable", o.boarders, o.waiting_room AS "waitingRoom",
       o.ventilated, o.longest_boarding_hours AS "longestBoardingHours",
       o.last_bed_wait_hours AS "lastBedWaitHours", o.diversion,
       o.diversion_reason AS "diversionReason"
     FROM observations o JOIN hospitals h ON h.id = o.hospital_id AND h.org_id = o.org_id
     WHERE o.org_id = $1 AND o.ts >= $2 AND o.ts < $3
     ORDER BY o.ts, h.code`,
    [orgId, from, to],
  );
}
