import type { Queryable } from "../infra/db.ts";
import { isUuid } from "./ids.ts";

/** A hospital as the API and pages show it (CONTRACT.md field names). */
export interface Hospital {
  id: string;
  code: string;
  name: string;
  lat: number;
  lon: number;
  edBeds: number;
  icuBeds: number;
  staffBaseline: number;
  timezone: string;
  /** Trauma level 1 (highest) to 4, null when not stated: receiving hospitals for events. */
  traumaLevel: number | null;
  /** Staffed inpatient beds (NEDOCS), when the organisation stated them. */
  inpatientBeds: number | null;
}

const columns = `id, code, name, lat, lon, ed_beds AS "edBeds", icu_beds AS "icuBeds",
  staff_baseline AS "staffBaseline", timezone, trauma_level AS "traumaLevel",
  inpatient_beds AS "inpatientBeds"`;

/** Lists an organisation's hospitals by name. */
export function listHospitals(db: Queryable, orgId: string): Promise<Hospital[]> {
  return db.query<Hospital>(
    `SELECT ${columns} FROM hospitals WHERE org_id = $1 ORDER BY name`,
    [orgId],
  );
}

/**
 * One hospital of an organisation by its id or by the organisation's own code for it, or null
 * (never another organisation's row).
 */
export async function getHospital(
  db: Queryable,
  orgId: string,
  idOrCode: string,
): Promise<Hospital | null> {
  const rows = await db.query<Hospital>(
    `SELECT ${columns} FROM hospitals WHERE org_id = $1 AND (code = $2 OR id = $3)
     ORDER BY code = $2 DESC LIMIT 1`,
    [orgId, idOrCode, isUuid(idOrCode) ? idOrCode : null],
  );
  return rows[0] ?? null;
}

/** Code → id of every hospital of an organisation (for bulk ingestion). */
export async function hospitalIdsByCode(db: Queryable, orgId: string) {
  const rows = await db.query<{ id: string; code: string }>(
    "SELECT id, code FROM hospitals WHERE org_id = $1",
    [orgId],
  );
  const map = new Map<string, string>();
  for (const r of rows) {
    map.set(r.id, r.id);
    map.set(r.code, r.id);
  }
  return map;
}

export interface HospitalFields {
  name: string;
  lat: number;
  lon: number;
  edBeds: number;
  icuBeds: number;
  staffBaseline: number;
  timezone: string;
  traumaLevel?: number | null;
  /** null clears it on a change; absent keeps it. */
  inpatientBeds?: number | null;
}

/** Adds a hospital; null when the organisation already uses that code. */
export async function insertHospital(
  db: Queryable,
  orgId: string,
  h: HospitalFields & { code: string },
): Promise<Hospital | null> {
  const rows = await db.query<Hospital>(
    `INSERT INTO hospitals (org_id, code, name, lat, lon, ed_beds, icu_beds, staff_baseline,
       timezone, trauma_level, inpatient_beds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (org_id, code) DO NOTHING RETURNING ${columns}`,
    [
      orgId,
      h.code,
      h.name,
      h.lat,
      h.lon,
      h.edBeds,
      h.icuBeds,
      h.staffBaseline,
      h.timezone,
      h.traumaLevel ?? null,
      h.inpatientBeds ?? null,
    ],
  );
  return rows[0] ?? null;
}

/** Changes some fields of an organisation's hospital; null when it is not theirs. */
export async function updateHospital(
  db: Queryable,
  orgId: string,
  id: string,
  p: Partial<HospitalFields>,
): Promise<Hospital | null> {
  const rows = await db.query<Hospital>(
    `UPDATE hospitals SET name = coalesce($3, name), lat = coalesce($4, lat),
       lon = coalesce($5, lon), ed_beds = coalesce($6, ed_beds), icu_beds = coalesce($7, icu_beds),
       staff_baseline = coalesce($8, staff_baseline), timezone = coalesce($9, timezone),
       trauma_level = CASE WHEN $10::boolean THEN $11::smallint ELSE trauma_level END,
       inpatient_beds = CASE WHEN $12::boolean THEN $13::int ELSE inpatient_beds END,
       updated_at = now()
     WHERE org_id = $1 AND id = $2 RETURNING ${columns}`,
    [
      orgId,
      id,
      p.name ?? null,
      p.lat ?? null,
      p.lon ?? null,
      p.edBeds ?? null,
      p.icuBeds ?? null,
      p.staffBaseline ?? null,
      p.timezone ?? null,
      // null clears the level; absent keeps it.
      p.traumaLevel !== undefined,
      p.traumaLevel ?? null,
      p.inpatientBeds !== undefined,
      p.inpatientBeds ?? null,
    ],
  );
  return rows[0] ?? null;
}

/** Every organisation's hospitals, by organisation and code (model training). */
export function listAllHospitals(db: Queryable): Promise<{
  id: string;
  org: string;
  name: string;
  lat: number;
  lon: number;
  edBeds: number;
  timezone: string;
}[]> {
  return db.query(
    `SELECT id, org_id AS org, name, lat, lon, ed_beds AS "edBeds", timezone FROM hospitals
     ORDER BY org_id, code`,
  );
}
