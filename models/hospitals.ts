import type { Queryable } from "../lib/db.ts";

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
}

const columns = `id, code, name, lat, lon, ed_beds AS "edBeds", icu_beds AS "icuBeds",
  staff_baseline AS "staffBaseline", timezone`;

/** Lists an organisation's hospitals by name. */
export function listHospitals(db: Queryable, orgId: string): Promise<Hospital[]> {
  return db.query<Hospital>(
    `SELECT ${columns} FROM hospitals WHERE org_id = $1 ORDER BY name`,
    [orgId],
  );
}

/** One hospital of an organisation, or null (never another organisation's row). */
export async function getHospital(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<Hospital | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await db.query<Hospital>(
    `SELECT ${columns} FROM hospitals WHERE org_id = $1 AND id = $2`,
    [orgId, id],
  );
  return rows[0] ?? null;
}
