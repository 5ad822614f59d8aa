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

/** Keeps only what may be stored: pseudonyms, band, category; drops every direct identifier. */
async function deidentify(
  secret: string,
  orgId: string,
  hospitalId: string,
  r: EncounterRecord,
): Promise<Row> {
  const patientKey = r.patientId ?? r.mrn;
  const age = r.age ?? (r.birthDate ? ageAt(r.birthDate, r.arrivedAt) : null);
  return {
    hospitalId,
    encounterKey: await pseudonym(secret, `${orgId}:encounter:${hospitalId}`, r.encounterId),
    patientPseudonym: patientKey ? await pseudonym(secret, `${orgId}:patient`, patientKey) : null,
    arrivedAt: r.arrivedAt,
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
  const times = rows.map((r) => r.arrivedAt.getTime());
  const from = new Date(Math.min(...times));
  const to = new Date(Math.max(...times) + HOUR);
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
  opts: { partial: boolean; inTransaction?: (tx: Queryable, o: EncounterOutcome) => Promise<void> },
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
    rows.push(await deidentify(piiSecret, orgId, hospitalId, parsed.data));
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
