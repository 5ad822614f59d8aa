/**
 * POST /api/encounters: patient-level ED encounters, pseudonymised before anything is stored
 * (lib/pseudonymise.ts), then counted into the hourly aggregates: each newly stored encounter
 * adds one ED arrival to its hospital-hour in `observations` (source 'encounters'). Encounters
 * already stored (same hospital, encounter and arrival) are skipped, so re-sending a file counts
 * nothing twice. All-or-nothing unless `?partial=true`, as for observations.
 */
import type { Db, Queryable } from "../../infra/db.ts";
import { ageAt, ageBand, pseudonym } from "../../domain/pseudonymise.ts";
import { type EncounterRecord, encounterRecord } from "../../lib/schemas/encounters.ts";
import { hospitalIdsByCode } from "../../models/hospitals.ts";
import { type EncounterRow, insertEncounters } from "../../models/encounters.ts";
import { addEncounterArrivals } from "../../models/observation_ingest.ts";
import { ensurePartitions } from "../../models/partitions.ts";
import { fhirProblems } from "./fhir.ts";
import { type Candidate, fieldCountProblem, RowErrors } from "./records.ts";
import type { IngestOutcome } from "./observations.ts";

export interface EncounterOutcome extends IngestOutcome {
  /** Accepted rows that were already stored before (not counted again). */
  duplicates: number;
}

type Row = EncounterRow;

/**
 * How precisely arrival times are stored. HIPAA's Safe Harbor method (45 CFR 164.514(b)(2)(i)(C))
 * removes all elements of dates except the year; FestSafe needs the hour to count arrivals, so it
 * keeps the hour by default ("hour"), which together with the pseudonyms makes the store a
 * limited data set rather than de-identified data (README "Privacy"). "minute" and "second" keep
 * more for installations whose data-use agreement allows it.
 */
export type ArrivalPrecision = "hour" | "minute" | "second";
const precisionMs: Record<ArrivalPrecision, number> = {
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
};

/** An arrival time cut down to the stored precision. */
export function storedArrival(at: Date, precision: ArrivalPrecision): Date {
  const step = precisionMs[precision];
  return new Date(Math.floor(at.getTime() / step) * step);
}

/** Keeps only what may be stored: pseudonyms, band, category; drops every direct identifier. */
async function deidentify(
  secret: string,
  orgId: string,
  hospitalId: string,
  r: EncounterRecord,
  precision: ArrivalPrecision,
): Promise<Row> {
  const patientKey = r.patientId ?? r.mrn;
  const age = r.age ?? (r.birthDate ? ageAt(r.birthDate, r.arrivedAt) : null);
  return {
    hospitalId,
    encounterKey: await pseudonym(secret, `${orgId}:encounter:${hospitalId}`, r.encounterId),
    patientPseudonym: patientKey ? await pseudonym(secret, `${orgId}:patient`, patientKey) : null,
    arrivedAt: storedArrival(r.arrivedAt, precision),
    ageBand: ageBand(age),
    sex: r.sex ?? null,
    complaintCategory: r.complaintCategory ?? null,
    arrivalMode: r.arrivalMode ?? null,
    disposition: r.disposition ?? null,
  };
}

const HOUR = 3_600_000;

/** Monthly partitions for the rows' arrival hours (before the transaction: see ensurePartitions). */
async function prepareMonths(db: Db, rows: Row[]): Promise<void> {
  // A loop, not Math.min(...times): spreading 300,000 arguments overflows the call stack.
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const t = r.arrivedAt.getTime();
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const from = new Date(min);
  const to = new Date(max + HOUR);
  await ensurePartitions(db, "encounters", from, to);
  await ensurePartitions(db, "observations", from, to);
}

async function store(tx: Queryable, orgId: string, rows: Row[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 5000) {
    const fresh = await insertEncounters(tx, orgId, rows.slice(i, i + 5000));
    if (!fresh.length) continue;
    inserted += fresh.reduce((a, f) => a + f.n, 0);
    await addEncounterArrivals(tx, orgId, fresh);
  }
  return inserted;
}

/** Validates, de-identifies and stores encounters; throws 422 when refused as a whole. */
export async function ingestEncounters(
  db: Db,
  orgId: string,
  piiSecret: string,
  candidates: AsyncIterable<Candidate> | Iterable<Candidate>,
  opts: {
    partial: boolean;
    /** Default "hour" (see ArrivalPrecision). */
    arrivalPrecision?: ArrivalPrecision;
    inTransaction?: (tx: Queryable, o: EncounterOutcome) => Promise<void>;
  },
): Promise<EncounterOutcome> {
  const hospitals = await hospitalIdsByCode(db, orgId);
  const errors = new RowErrors();
  const rows: Row[] = [];
  let total = 0;
  for await (const c of candidates as AsyncIterable<Candidate>) {
    total++;
    const wrongCount = fieldCountProblem(c.input);
    const fhir = fhirProblems(c.input);
    if (wrongCount || fhir) {
      if (wrongCount) errors.add(c.row, c.at.join("."), wrongCount);
      for (const p of fhir ?? []) errors.add(c.row, p.path, p.message);
      continue;
    }
    const parsed = encounterRecord.safeParse(c.input);
    if (!parsed.success) {
      errors.addZod(c, parsed.error);
      continue;
    }
    const hospitalId = hospitals.get(parsed.data.hospitalId);
    if (!hospitalId) {
      const field = c.rename?.hospitalId ?? "hospitalId";
      errors.add(c.row, [...c.at, field].join("."), "no such hospital in your organisation");
      continue;
    }
    rows.push(
      await deidentify(piiSecret, orgId, hospitalId, parsed.data, opts.arrivalPrecision ?? "hour"),
    );
  }
  if (errors.count && (!opts.partial || rows.length === 0)) throw errors.toHttpError(total);
  if (rows.length) await prepareMonths(db, rows);
  return await db.transaction(async (tx) => {
    const inserted = rows.length ? await store(tx, orgId, rows) : 0;
    const outcome = {
      accepted: rows.length,
      rejected: errors.count,
      duplicates: rows.length - inserted,
      errors: errors.list,
    };
    await opts.inTransaction?.(tx, outcome);
    return outcome;
  });
}
