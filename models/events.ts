import type { Queryable } from "../lib/db.ts";

export const eventTypes = [
  "music_festival",
  "concert",
  "sports",
  "marathon",
  "religious",
  "fair",
  "other",
] as const;
export type EventType = typeof eventTypes[number];

/** A registered mass-gathering event (CONTRACT.md field names). */
export interface FestEvent {
  id: string;
  code: string;
  name: string;
  type: EventType;
  lat: number;
  lon: number;
  startsAt: Date;
  endsAt: Date;
  expectedAttendance: number;
  indoor: boolean;
  bounded: boolean;
  alcohol: boolean;
  freeWater: boolean;
}

const columns = `id, code, name, type, lat, lon, starts_at AS "startsAt", ends_at AS "endsAt",
  expected_attendance AS "expectedAttendance", indoor, bounded, alcohol, free_water AS "freeWater"`;

/** Events of an organisation that overlap [from, to), earliest first. */
export function listEvents(
  db: Queryable,
  orgId: string,
  range: { from?: Date; to?: Date } = {},
): Promise<FestEvent[]> {
  return db.query<FestEvent>(
    `SELECT ${columns} FROM events
     WHERE org_id = $1 AND ($2::timestamptz IS NULL OR ends_at > $2)
       AND ($3::timestamptz IS NULL OR starts_at < $3)
     ORDER BY starts_at`,
    [orgId, range.from ?? null, range.to ?? null],
  );
}

/** One event of an organisation, or null. */
export async function getEvent(db: Queryable, orgId: string, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await db.query<FestEvent>(
    `SELECT ${columns} FROM events WHERE org_id = $1 AND id = $2`,
    [orgId, id],
  );
  return rows[0] ?? null;
}
