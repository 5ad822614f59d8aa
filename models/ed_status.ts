/** The recent hours that carry live ED status (issue 18), per hospital. */
import type { Queryable } from "../infra/db.ts";
import type { StatusHour } from "../domain/ed_status.ts";

const statusColumns = `o.hospital_id AS "hospitalId", o.ts, o.ed_occupancy AS "edOccupancy",
  o.beds_available AS "bedsAvailable", o.ambulance_arrivals AS "ambulanceArrivals", o.boarders,
  o.waiting_room AS "waitingRoom", o.ventilated, o.longest_boarding_hours AS "longestBoardingHours",
  o.last_bed_wait_hours AS "lastBedWaitHours", o.diversion, o.diversion_reason AS "diversionReason"`;

type Row = StatusHour & { hospitalId: string };

const hourOf = (r: Row): StatusHour & { hospitalId: string } => ({
  ...r,
  ts: new Date(r.ts),
  // PostgreSQL real comes back as a number from both drivers; keep it plain.
  longestBoardingHours: r.longestBoardingHours === null ? null : Number(r.longestBoardingHours),
  lastBedWaitHours: r.lastBedWaitHours === null ? null : Number(r.lastBedWaitHours),
});

/**
 * The organisation's observations in (now − hours, now + 1 h], by hospital id (the org/ts index
 * serves it: at most `hours` rows per hospital).
 */
export async function recentStatusHours(
  db: Queryable,
  orgId: string,
  now: Date,
  hours: number,
  hospitalId?: string,
): Promise<Map<string, StatusHour[]>> {
  const rows = await db.query<Row>(
    `SELECT ${statusColumns} FROM observations o
     WHERE o.org_id = $1 AND o.ts > $2 AND o.ts <= $3
       AND ($4::uuid IS NULL OR o.hospital_id = $4::uuid)
     ORDER BY o.ts DESC`,
    [
      orgId,
      new Date(now.getTime() - hours * 3_600_000),
      new Date(now.getTime() + 3_600_000),
      hospitalId ?? null,
    ],
  );
  const out = new Map<string, StatusHour[]>();
  for (const r of rows) {
    const list = out.get(r.hospitalId) ?? [];
    list.push(hourOf(r));
    out.set(r.hospitalId, list);
  }
  return out;
}
