/**
 * An organisation's own training data from the database: the hospitals that hold enough hourly
 * history for a model of their own, their arrivals and environment, the organisation's events and
 * its calendar. Hospitals with less keep the global model (ml/registry.ts orgModels).
 */
import type { Queryable } from "../infra/db.ts";
import { listHospitals } from "../models/hospitals.ts";
import { listEvents } from "../models/events.ts";
import { arrivalCoverage, arrivalPoints } from "../models/observations.ts";
import { listCalendarDays } from "../models/calendar.ts";
import { type Dataset, emptyHospital, fillEnvironmentFromDb, normaliseEvent } from "./dataset.ts";
import { HOUR_MS } from "./feature_inputs.ts";

/**
 * Days of stored hourly arrivals (672 rows, gaps allowed) a hospital needs to enter its
 * organisation's model: the trainer's minimum is 21 (7 warm-up, 7 training, 7 held out for the
 * backtest); a week more leaves a calibration window and a full 28-day level before the backtest.
 */
export const MIN_ORG_TRAINING_DAYS = 28;

export interface OrgTrainingData {
  dataset: Dataset;
  /** Hospitals (uuid, code) the model is trained on. */
  hospitals: { id: string; code: string; days: number }[];
  /** Hospitals left out for too little history (they keep the global model). */
  skipped: { id: string; code: string; days: number }[];
}

/** Every hospital's stored history in days (hours ÷ 24), without loading it. */
export async function orgHistoryDays(db: Queryable, orgId: string) {
  const [hospitals, coverage] = await Promise.all([
    listHospitals(db, orgId),
    arrivalCoverage(db, orgId),
  ]);
  const hours = new Map(coverage.map((c) => [c.hospitalId, c]));
  return hospitals.map((h) => ({
    hospital: h,
    days: (hours.get(h.id)?.hours ?? 0) / 24,
    from: hours.get(h.id)?.from ?? null,
    to: hours.get(h.id)?.to ?? null,
  }));
}

/** The organisation's training data (empty `hospitals` when none has enough history). */
export async function orgDataset(db: Queryable, orgId: string): Promise<OrgTrainingData> {
  const all = await orgHistoryDays(db, orgId);
  const ok = all.filter((h) => h.days >= MIN_ORG_TRAINING_DAYS);
  const skipped = all.filter((h) => h.days < MIN_ORG_TRAINING_DAYS)
    .map((h) => ({ id: h.hospital.id, code: h.hospital.code, days: h.days }));
  const picked = ok.map((h) => ({ id: h.hospital.id, code: h.hospital.code, days: h.days }));
  if (!ok.length) {
    return {
      dataset: { start: 0, hours: 0, hospitals: [], events: [] },
      hospitals: picked,
      skipped,
    };
  }
  const first = Math.min(...ok.map((h) => new Date(h.from!).getTime()));
  const last = Math.max(...ok.map((h) => new Date(h.to!).getTime()));
  const start = Math.floor(first / HOUR_MS) * HOUR_MS;
  const hours = Math.floor((last - start) / HOUR_MS) + 1;
  const hospitals = ok.map(({ hospital: h }) => emptyHospital({ ...h, org: orgId }, hours));
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  const points = await arrivalPoints(
    db,
    orgId,
    hospitals.map((h) => h.id),
    new Date(start),
    new Date(start + hours * HOUR_MS),
  );
  for (const p of points) {
    const h = byId.get(p.h);
    const i = Math.round((Number(p.t) - start) / HOUR_MS);
    if (h && i >= 0 && i < hours) h.arrivals[i] = Number(p.y);
  }
  await fillEnvironmentFromDb(db, hospitals, start, hours);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const [events, calendar] = await Promise.all([
    listEvents(db, orgId, {
      from: new Date(start - 24 * HOUR_MS),
      to: new Date(start + (hours + 96) * HOUR_MS),
    }),
    listCalendarDays(db, orgId, day(start - 86_400_000), day(start + (hours + 24) * HOUR_MS)),
  ]);
  return {
    dataset: {
      start,
      hours,
      hospitals,
      events: events.map((e) => normaliseEvent({ ...e, org: orgId })),
      calendar: { [orgId]: calendar },
    },
    hospitals: picked,
    skipped,
  };
}
