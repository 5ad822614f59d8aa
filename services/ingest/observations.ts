/**
 * POST /api/observations: hourly aggregates as JSON or streamed CSV.
 *
 * Valid rows are COPYed into the UNLOGGED staging table under a batch id while the body is
 * still arriving; one transaction then upserts the batch into `observations` (last row wins for
 * a repeated hospital-hour; an upload of an hour already stored replaces it) and saves the
 * Idempotency-Key. COPY cannot join that transaction (Db.copyIn), so staging rows are removed in
 * a `finally` whatever happens, and nothing reaches `observations` before the transaction.
 *
 * Partial acceptance: by default an upload with any bad row is refused as a whole (422, nothing
 * stored). With `?partial=true` the valid rows are stored and the bad ones reported.
 */
import type { Db } from "../../infra/db.ts";
import { csvLine } from "../../infra/db.ts";
import {
  observationColumns,
  observationRecord,
  quickObservation,
} from "../../lib/schemas/observations.ts";
import {
  clearObservationStage,
  copyObservationStage,
  ingestTargets,
  upsertObservationStage,
} from "../../models/observation_ingest.ts";
import { implausibleFields, PLAUSIBILITY } from "../../domain/plausibility.ts";
import { ensurePartitions } from "../../models/partitions.ts";
import { type Candidate, fieldCountProblem, type RowError, RowErrors } from "./records.ts";

export interface IngestOutcome {
  accepted: number;
  rejected: number;
  errors: RowError[];
}

export const observationCsvColumns = {
  known: observationColumns,
  required: ["hospitalId", "ts", "edArrivals"],
  numeric: [
    "edArrivals",
    "ambulanceArrivals",
    "edOccupancy",
    "bedsAvailable",
    "boarders",
    "waitingRoom",
    "ventilated",
    "longestBoardingHours",
    "lastBedWaitHours",
  ],
  boolean: ["diversion"],
} as const;

interface Staged {
  accepted: number;
  total: number;
  errors: RowErrors;
  minTs: number;
  maxTs: number;
}

/** Validates candidates and COPYs the valid ones into the staging table under batchId. */
async function stage(
  db: Db,
  orgId: string,
  batchId: string,
  candidates: AsyncIterable<Candidate> | Iterable<Candidate>,
): Promise<Staged> {
  const hospitals = await ingestTargets(db, orgId, PLAUSIBILITY.minHistoryHours);
  const s: Staged = {
    accepted: 0,
    total: 0,
    errors: new RowErrors(),
    minTs: Infinity,
    maxTs: -Infinity,
  };
  const encoder = new TextEncoder();
  const source = (candidates as AsyncIterable<Candidate>)[Symbol.asyncIterator]?.() ??
    (candidates as Iterable<Candidate>)[Symbol.iterator]();
  let failure: unknown;
  const body = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      try {
        let out = "";
        for (let n = 0; n < 2000; n++) {
          const next = await source.next();
          if (next.done) {
            if (out) ctl.enqueue(encoder.encode(out));
            ctl.close();
            return;
          }
          out += line(next.value);
        }
        ctl.enqueue(encoder.encode(out));
      } catch (err) {
        // End the COPY cleanly and throw after it: a COPY whose source errors half-way leaves
        // the PostgreSQL connection out of protocol sync (postgres.js), and every later query on
        // it hangs. The rows staged so far are removed with the batch (ingestObservations).
        failure = err;
        ctl.close();
      }
    },
  });
  // The schema's "not more than a day ahead", fixed for the upload (stricter, never looser).
  const latest = Date.now() + 86_400_000;
  const line = (c: Candidate): string => {
    s.total++;
    const wrongCount = fieldCountProblem(c.input);
    if (wrongCount) {
      s.errors.add(c.row, [...c.at].join("."), wrongCount);
      return "";
    }
    const quick = quickObservation(c.input, latest);
    if (quick) {
      const target = hospitals.get(quick.hospitalId);
      if (!target) return noHospital(c);
      if (implausible(c, quick, target)) return "";
      const hospitalId = target.id;
      const t = quick.tsMs;
      if (t < s.minTs) s.minTs = t;
      if (t > s.maxTs) s.maxTs = t;
      s.accepted++;
      // The values are checked numbers, uuids and an ISO instant: nothing to quote.
      return `${batchId},${c.row},${orgId},${hospitalId},${quick.ts},${quick.edArrivals},${
        quick.ambulanceArrivals ?? ""
      },${quick.edOccupancy ?? ""},${quick.bedsAvailable ?? ""},,,,,,,\n`;
    }
    const parsed = observationRecord.safeParse(c.input);
    if (!parsed.success) {
      s.errors.addZod(c, parsed.error);
      return "";
    }
    const r = parsed.data;
    const target = hospitals.get(r.hospitalId);
    if (!target) return noHospital(c);
    if (implausible(c, r, target)) return "";
    const hospitalId = target.id;
    const t = r.ts.getTime();
    if (t < s.minTs) s.minTs = t;
    if (t > s.maxTs) s.maxTs = t;
    s.accepted++;
    return csvLine([
      batchId,
      c.row,
      orgId,
      hospitalId,
      r.ts.toISOString(),
      r.edArrivals,
      r.ambulanceArrivals,
      r.edOccupancy,
      r.bedsAvailable,
      r.boarders,
      r.waitingRoom,
      r.ventilated,
      r.longestBoardingHours,
      r.lastBedWaitHours,
      r.diversion,
      r.diversionReason,
    ]);
  };
  /** Refuses (names) the values this hospital cannot report (domain/plausibility.ts). */
  const implausible = (
    c: Candidate,
    r: Parameters<typeof implausibleFields>[0],
    t: Parameters<typeof implausibleFields>[1],
  ) => {
    const bad = implausibleFields(r, t);
    for (const b of bad) s.errors.add(c.row, [...c.at, b.field].join("."), b.message);
    return bad.length > 0;
  };
  const noHospital = (c: Candidate) => {
    s.errors.add(c.row, [...c.at, "hospitalId"].join("."), "no such hospital in your organisation");
    return "";
  };
  try {
    await copyObservationStage(db, body);
  } catch (err) {
    throw failure ?? err;
  }
  if (failure) throw failure;
  return s;
}

export interface IngestOptions {
  partial: boolean;
  /** Runs inside the upsert transaction (idempotency bookkeeping); may throw to roll back. */
  inTransaction?: (
    tx: import("../../infra/db.ts").Queryable,
    outcome: IngestOutcome,
  ) => Promise<void>;
}

/** Ingests hourly observations for an organisation; throws 422 when refused as a whole. */
export async function ingestObservations(
  db: Db,
  orgId: string,
  candidates: AsyncIterable<Candidate> | Iterable<Candidate>,
  opts: IngestOptions,
): Promise<IngestOutcome> {
  const batchId = crypto.randomUUID();
  try {
    const s = await stage(db, orgId, batchId, candidates);
    if (s.errors.count && (!opts.partial || s.accepted === 0)) throw s.errors.toHttpError(s.total);
    const outcome = { accepted: s.accepted, rejected: s.errors.count, errors: s.errors.list };
    // Before the upsert transaction, so that creating a month never holds other uploads.
    if (s.accepted) {
      await ensurePartitions(db, "observations", new Date(s.minTs), new Date(s.maxTs + 3_600_000));
    }
    await db.transaction(async (tx) => {
      if (s.accepted) await upsertObservationStage(tx, batchId);
      await opts.inTransaction?.(tx, outcome);
    });
    return outcome;
  } finally {
    await clearObservationStage(db, batchId);
  }
}
