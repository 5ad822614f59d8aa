/** Patient-level encounters, pseudonymised before they get here (services/ingest/encounters.ts). */
import type { Queryable } from "../infra/db.ts";

export interface EncounterRow {
  hospitalId: string;
  encounterKey: string;
  patientPseudonym: string | null;
  arrivedAt: Date;
  ageBand: string | null;
  sex: string | null;
  complaintCategory: string | null;
  arrivalMode: string | null;
  disposition: string | null;
}

/**
 * Inserts encounters, skipping those already stored (same hospital, key and arrival), and
 * returns how many were new per hospital and hour.
 */
export async function insertEncounters(
  tx: Queryable,
  orgId: string,
  rows: EncounterRow[],
): Promise<{ hospitalId: string; hour: Date; n: number }[]> {
  const col = <K extends keyof EncounterRow>(k: K) => rows.map((r) => r[k]);
  return await tx.query<{ hospitalId: string; hour: Date; n: number }>(
    `WITH ins AS (
       INSERT INTO encounters (org_id, hospital_id, encounter_key, patient_pseudonym,
         arrived_at, age_band, sex, complaint_category, arrival_mode, disposition)
       SELECT $1::uuid, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[],
         $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       ON CONFLICT DO NOTHING RETURNING hospital_id, arrived_at)
     SELECT hospital_id AS "hospitalId", date_trunc('hour', arrived_at) AS hour,
       count(*)::int AS n
     FROM ins GROUP BY 1, 2`,
    [
      orgId,
      col("hospitalId"),
      col("encounterKey"),
      col("patientPseudonym"),
      // ISO strings: postgres.js cannot bind an array of Date objects as timestamptz[].
      rows.map((r) => r.arrivedAt.toISOString()),
      col("ageBand"),
      col("sex"),
      col("complaintCategory"),
      col("arrivalMode"),
      col("disposition"),
    ],
  );
}
