/**
 * Writing hourly observations: the staging table of bulk uploads (migration 002), the upsert from
 * it, arrivals counted from encounters, and plain COPY loads.
 */
import type { Db, Queryable } from "../infra/db.ts";

/** Columns of `ingest_observations_stage`, in the order staged CSV lines give them. */
export const observationStageColumns = [
  "batch_id",
  "row_no",
  "org_id",
  "hospital_id",
  "ts",
  "ed_arrivals",
  "ambulance_arrivals",
  "ed_occupancy",
  "beds_available",
  "boarders",
  "waiting_room",
  "ventilated",
  "longest_boarding_hours",
  "last_bed_wait_hours",
  "diversion",
  "diversion_reason",
];

/** COPYs CSV lines (observationStageColumns, no header) into the staging table. */
export function copyObservationStage(
  db: Db,
  csv: ReadableStream<Uint8Array> | string,
): Promise<void> {
  return db.copyIn("ingest_observations_stage", observationStageColumns, csv);
}

/**
 * Upserts a staged batch into `observations`: the last row wins for a repeated hospital-hour,
 * and an hour already stored is replaced — except the ED status fields, which a feed may send
 * separately for the same hour: a field the new row leaves empty keeps its stored value (the
 * diversion reason goes with its diversion). No table lock: concurrent batches (of one or several
 * organisations) only meet on the rows they share.
 */
export async function upsertObservationStage(tx: Queryable, batchId: string): Promise<void> {
  await tx.query(
    `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals, ambulance_arrivals,
       ed_occupancy, beds_available, boarders, waiting_room, ventilated, longest_boarding_hours,
       last_bed_wait_hours, diversion, diversion_reason, source)
     SELECT DISTINCT ON (hospital_id, ts) org_id, hospital_id, ts, ed_arrivals,
       ambulance_arrivals, ed_occupancy, beds_available, boarders, waiting_room, ventilated,
       longest_boarding_hours, last_bed_wait_hours, diversion, diversion_reason, 'api'
     FROM ingest_observations_stage WHERE batch_id = $1
     ORDER BY hospital_id, ts, row_no DESC
     ON CONFLICT (hospital_id, ts) DO UPDATE SET ed_arrivals = EXCLUDED.ed_arrivals,
       ambulance_arrivals = EXCLUDED.ambulance_arrivals,
       ed_occupancy = EXCLUDED.ed_occupancy, beds_available = EXCLUDED.beds_available,
       boarders = coalesce(EXCLUDED.boarders, observations.boarders),
       waiting_room = coalesce(EXCLUDED.waiting_room, observations.waiting_room),
       ventilated = coalesce(EXCLUDED.ventilated, observations.ventilated),
       longest_boarding_hours =
         coalesce(EXCLUDED.longest_boarding_hours, observations.longest_boarding_hours),
       last_bed_wait_hours =
         coalesce(EXCLUDED.last_bed_wait_hours, observations.last_bed_wait_hours),
       diversion = coalesce(EXCLUDED.diversion, observations.diversion),
       diversion_reason = CASE WHEN EXCLUDED.diversion IS NULL
         THEN observations.diversion_reason ELSE EXCLUDED.diversion_reason END,
       source = EXCLUDED.source, ingested_at = now()`,
    [batchId],
  );
}

/** Removes a batch's staging rows (after its upsert, or after a failure). */
export async function clearObservationStage(db: Queryable, batchId: string): Promise<void> {
  await db.query("DELETE FROM ingest_observations_stage WHERE batch_id = $1", [batchId]);
}

/** Adds newly stored encounters to their hospital-hours' arrivals (source 'encounters'). */
export async function addEncounterArrivals(
  tx: Queryable,
  orgId: string,
  hours: { hospitalId: string; hour: Date; n: number }[],
): Promise<void> {
  await tx.query(
    `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals, source)
     SELECT $1::uuid, u.*, 'encounters'
     FROM unnest($2::uuid[], $3::timestamptz[], $4::int[]) AS u
     ON CONFLICT (hospital_id, ts) DO UPDATE
       SET ed_arrivals = observations.ed_arrivals + EXCLUDED.ed_arrivals,
           source = 'encounters', ingested_at = now()`,
    [
      orgId,
      hours.map((h) => h.hospitalId),
      // ISO strings: postgres.js cannot bind an array of Date objects as timestamptz[].
      hours.map((h) => new Date(h.hour).toISOString()),
      hours.map((h) => h.n),
    ],
  );
}

/** Columns of a plain observations COPY, in the order the CSV lines give them. */
export const observationCopyColumns = [
  "org_id",
  "hospital_id",
  "ts",
  "ed_arrivals",
  "ambulance_arrivals",
  "ed_occupancy",
  "beds_available",
  "source",
];

/** COPYs new observations (observationCopyColumns, no header); ensure partitions first. */
export function copyObservations(db: Db, csv: string): Promise<void> {
  return db.copyIn("observations", observationCopyColumns, csv);
}

/** A hospital an upload may file rows under, with what plausibility checks need. */
export interface IngestTarget {
  id: string;
  edBeds: number;
  /** 99th percentile of its stored hourly arrivals, null with under `minHours` of them. */
  usualPeakArrivals: number | null;
}

/**
 * Code and id → target for every hospital of an organisation (domain/plausibility.ts): its beds
 * and its usual peak hour from the stored raw hours (90 days at most, by retention).
 */
export async function ingestTargets(
  db: Queryable,
  orgId: string,
  minHours: number,
): Promise<Map<string, IngestTarget>> {
  const rows = await db.query<{ id: string; code: string; edBeds: number; peak: number | null }>(
    `SELECT h.id, h.code, h.ed_beds AS "edBeds", p.peak
     FROM hospitals h LEFT JOIN (
       SELECT hospital_id,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY ed_arrivals)::float8 AS peak,
         count(*) AS n
       FROM observations WHERE org_id = $1 GROUP BY hospital_id
     ) p ON p.hospital_id = h.id AND p.n >= $2
     WHERE h.org_id = $1`,
    [orgId, minHours],
  );
  const map = new Map<string, IngestTarget>();
  for (const r of rows) {
    const t = {
      id: r.id,
      edBeds: Number(r.edBeds),
      usualPeakArrivals: r.peak === null ? null : Number(r.peak),
    };
    map.set(r.id, t);
    map.set(r.code, t);
  }
  return map;
}
