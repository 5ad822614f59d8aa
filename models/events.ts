import type { Queryable } from "../infra/db.ts";
import { isUuid } from "./ids.ts";

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

/** Whether expectedAttendance is each day's crowd or the whole event's total (CONTRACT.md). */
export const attendanceBases = ["perDay", "total"] as const;
export type AttendanceBasis = typeof attendanceBases[number];

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
  /** Absent: total (how the load model read attendance before it was stated). */
  attendanceBasis?: AttendanceBasis;
}

const columns = `id, code, name, type, lat, lon, starts_at AS "startsAt", ends_at AS "endsAt",
  expected_attendance AS "expectedAttendance", indoor, bounded, alcohol, free_water AS "freeWater",
  attendance_basis AS "attendanceBasis"`;

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

/** One event of an organisation by its id or the organisation's own code for it, or null. */
export async function getEvent(db: Queryable, orgId: string, idOrCode: string) {
  const rows = await db.query<FestEvent>(
    `SELECT ${columns} FROM events WHERE org_id = $1 AND (code = $2 OR id = $3)
     ORDER BY code = $2 DESC LIMIT 1`,
    [orgId, idOrCode, isUuid(idOrCode) ? idOrCode : null],
  );
  return rows[0] ?? null;
}

export type EventFields = Omit<FestEvent, "id" | "code">;

/** Adds an event; null when the organisation already uses that code. */
export async function insertEvent(
  db: Queryable,
  orgId: string,
  e: EventFields & { code: string },
): Promise<FestEvent | null> {
  const rows = await db.query<FestEvent>(
    `INSERT INTO events (org_id, code, name, type, lat, lon, starts_at, ends_at,
       expected_attendance, indoor, bounded, alcohol, free_water, attendance_basis)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (org_id, code) DO NOTHING RETURNING ${columns}`,
    [
      orgId,
      e.code,
      e.name,
      e.type,
      e.lat,
      e.lon,
      e.startsAt,
      e.endsAt,
      e.expectedAttendance,
      e.indoor,
      e.bounded,
      e.alcohol,
      e.freeWater,
      e.attendanceBasis ?? "perDay",
    ],
  );
  return rows[0] ?? null;
}

/** Changes some fields of an organisation's event; null when it is not theirs. */
export async function updateEvent(
  db: Queryable,
  orgId: string,
  id: string,
  p: Partial<EventFields>,
): Promise<FestEvent | null> {
  const rows = await db.query<FestEvent>(
    `UPDATE events SET name = coalesce($3, name), type = coalesce($4, type),
       lat = coalesce($5, lat), lon = coalesce($6, lon), starts_at = coalesce($7, starts_at),
       ends_at = coalesce($8, ends_at), expected_attendance = coalesce($9, expected_attendance),
       indoor = coalesce($10, indoor), bounded = coalesce($11, bounded),
       alcohol = coalesce($12, alcohol), free_water = coalesce($13, free_water),
       attendance_basis = coalesce($14, attendance_basis), updated_at = now()
     WHERE org_id = $1 AND id = $2 RETURNING ${columns}`,
    [
      orgId,
      id,
      p.name ?? null,
      p.type ?? null,
      p.lat ?? null,
      p.lon ?? null,
      p.startsAt ?? null,
      p.endsAt ?? null,
      p.expectedAttendance ?? null,
      p.indoor ?? null,
      p.bounded ?? null,
      p.alcohol ?? null,
      p.freeWater ?? null,
      p.attendanceBasis ?? null,
    ],
  );
  return rows[0] ?? null;
}

/** Deletes an organisation's event; false when it is not theirs. */
export async function deleteEvent(db: Queryable, orgId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM events WHERE org_id = $1 AND id = $2 RETURNING id", [
    orgId,
    id,
  ]);
  return rows.length > 0;
}

/** Every organisation's events that overlap [from, to), with their organisation (training). */
export function listEventsOfAllOrgs(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<(Omit<FestEvent, "id" | "name"> & { org: string })[]> {
  return db.query(
    `SELECT code, org_id AS org, type, lat, lon, starts_at AS "startsAt", ends_at AS "endsAt",
       expected_attendance AS "expectedAttendance", indoor, bounded, alcohol,
       free_water AS "freeWater", attendance_basis AS "attendanceBasis"
     FROM events WHERE ends_at > $1 AND starts_at < $2`,
    [from, to],
  );
}
