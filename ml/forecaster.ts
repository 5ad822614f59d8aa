/**
 * Server-side forecasting: loads each hospital's last 28 days of arrivals, the environment and
 * the events from the database, builds features with ml/features.ts (the module the trainer and
 * the browser use), and scores all rows in one call of the process's ONNX Runtime session.
 *
 * Future environment: readings stored for future hours (Open-Meteo forecasts or any other
 * source) are used as they are; hours with none fall back to persistence — the same hour of the
 * last day that has a value (documented choice, also used for the demo region, which stores
 * only history).
 */
import type { Queryable } from "../infra/db.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import { listEvents } from "../models/events.ts";
import { arrivalPoints } from "../models/observations.ts";
import { temperatureClimateRows } from "../models/environment.ts";
import { listCalendarDays } from "../models/calendar.ts";
import { type DatasetHospital, fillEnvironmentFromDb } from "./dataset.ts";
import { type FeatureSpec, forecastRows, HORIZON_HOURS, LOOKBACK_HOURS } from "./features.ts";
import {
  type Climate,
  CLIMATE_FULL_DAYS,
  CLIMATE_MIN_DAYS,
  HOUR_MS,
  shortHistoryClimate,
} from "./feature_inputs.ts";
import { dayFlags } from "./calendar.ts";
import type { DayFlags } from "./calendar_flags.ts";
import { gridKey } from "../domain/grid.ts";
import type { SimEvent } from "../domain/event_load.ts";
import {
  ED_LENGTH_OF_STAY_HOURS,
  HEAT_EXTREME_PERCENTILE,
  HEAT_WARM_PERCENTILE,
} from "./priors.ts";
import { type ActiveModel, modelForHospital, type OrgModel, orgModels } from "./registry.ts";
import { runForecastSession, sharedSession } from "./onnx_runtime.ts";
import {
  type ForecastPoint,
  type Overrides,
  quantilePoints,
  scenarioHistory,
  type ScenarioInputs,
} from "./what_if_inputs.ts";

export type { ForecastPoint, Overrides };

/** CONTRACT.md shape of GET /api/hospitals/:id/forecast. */
export interface HospitalForecast {
  hospitalId: string;
  modelVersion: string;
  issuedAt: string;
  /** Arrivals per hour the ED can absorb: ED beds / mean length of stay (ml/priors.ts). */
  capacity: number;
  points: ForecastPoint[];
}

/** The forecast origin for an instant: the start of its hour. */
export function issueHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

export function capacityOf(h: Pick<Hospital, "edBeds">): number {
  return h.edBeds / ED_LENGTH_OF_STAY_HOURS;
}

/** Fills unknown hours from the same hour of the latest earlier day that has a value. */
export function persistForward(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) continue;
    for (let back = i - 24; back >= 0; back -= 24) {
      if (Number.isFinite(values[back])) {
        values[i] = values[back];
        break;
      }
    }
  }
  return values;
}

/** Arrivals, environment and events of an organisation's hospitals around an issue time. */
export async function loadForecastInputs(
  db: Queryable,
  orgId: string,
  issuedAt: Date,
  only?: string[],
) {
  const origin = issuedAt.getTime();
  const start = origin - LOOKBACK_HOURS * HOUR_MS;
  const hours = LOOKBACK_HOURS + HORIZON_HOURS;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  // The organisation's own day flags (±1 day: local dates straddle UTC ones), as in training.
  const [all, calendar] = await Promise.all([
    listHospitals(db, orgId),
    listCalendarDays(db, orgId, day(start - 86_400_000), day(start + (hours + 24) * HOUR_MS)),
  ]);
  const hospitals:
    (DatasetHospital & { row: Hospital; climate: Climate | null; days: DayFlags })[] = all
      .filter((h) => !only || only.includes(h.id))
      .map((h) => {
        const nan = () => new Float64Array(hours).fill(NaN);
        return {
          ...h,
          org: orgId,
          row: h,
          arrivals: nan(),
          temperatureC: nan(),
          relativeHumidity: nan(),
          pm25: nan(),
          ozone: nan(),
          climate: null,
          days: dayFlags(h, start, hours, calendar),
        };
      });
  if (!hospitals.length) return { hospitals, all, events: [] as SimEvent[], start, hours };
  const byId = new Map(hospitals.map((h) => [h.id, h]));
  const obs = await arrivalPoints(
    db,
    orgId,
    hospitals.map((h) => h.id),
    new Date(start),
    issuedAt,
  );
  for (const o of obs) {
    const i = Math.round((Number(o.t) - start) / HOUR_MS);
    const h = byId.get(o.h);
    if (h && i >= 0 && i < LOOKBACK_HOURS) h.arrivals[i] = Number(o.y);
  }
  await fillEnvironmentFromDb(db, hospitals, start, hours);
  const places = hospitals.map((h) => ({ key: gridKey(h.lat, h.lon), timezone: h.timezone }));
  const climates = await loadClimates(db, orgId, places, issuedAt);
  for (const h of hospitals) {
    h.climate = climates.get(climateKey(gridKey(h.lat, h.lon), h.timezone)) ?? null;
  }
  for (const h of hospitals) {
    for (const k of ["temperatureC", "relativeHumidity", "pm25", "ozone"] as const) {
      persistForward(h[k]);
    }
  }
  const events = (await listEvents(db, orgId, {
    from: new Date(start - 24 * HOUR_MS),
    to: new Date(origin + (HORIZON_HOURS + 12) * HOUR_MS),
  })).map((e) => ({
    ...e,
    code: e.id,
    startsAt: new Date(e.startsAt),
    endsAt: new Date(e.endsAt),
  }));
  return { hospitals, all, events, start, hours };
}

/** One hospital's scenario inputs (what ml/what_if_inputs.ts and the /what-if page use). */
export function scenarioOf(
  inputs: Awaited<ReturnType<typeof loadForecastInputs>>,
  h: DatasetHospital,
): ScenarioInputs {
  return {
    hospital: h,
    peers: inputs.all,
    events: inputs.events,
    start: inputs.start,
    origin: LOOKBACK_HOURS,
    arrivals: h.arrivals,
    environment: h,
    days: (h as { days?: DayFlags }).days,
  };
}

const climateCache = new Map<string, { day: number; climate: Climate | null }>();
/** The key of a place in loadClimates' answer: its grid cell and time zone. */
export const climateKey = (key: string, timezone: string) => `${key}|${timezone}`;

/**
 * Each location's temperature climatology (ml/feature_inputs.ts Climate) from the last three
 * years of stored readings, by the hospital's local day and month — as training computes it from
 * the local calendar (a UTC day would mix two local evenings on the far side of the world);
 * cached for a day. Keyed by `climateKey(grid key, timezone)`. Under CLIMATE_FULL_DAYS (60) days
 * of readings it is the short-history climatology (ml/feature_inputs.ts shortHistoryClimate: heat
 * from day one); null under CLIMATE_MIN_DAYS days.
 */
export async function loadClimates(
  db: Queryable,
  orgId: string,
  places: { key: string; timezone: string }[],
  at: Date,
): Promise<Map<string, Climate | null>> {
  const day = Math.floor(at.getTime() / 86_400_000);
  const out = new Map<string, Climate | null>();
  // Cached per organisation: each sees only the readings it may use (models/environment.ts).
  const wanted = new Map(places.map((p) => [climateKey(p.key, p.timezone), p]));
  const missing = [...wanted.entries()].filter(([k]) => {
    const hit = climateCache.get(`${orgId}\u0000${k}`);
    if (hit && hit.day === day) out.set(k, hit.climate);
    return !(hit && hit.day === day);
  });
  if (!missing.length) return out;
  const rows = await temperatureClimateRows(
    db,
    missing.map(([, p]) => p),
    new Date(at.getTime() - 3 * 365 * 86_400_000),
    at,
    [HEAT_WARM_PERCENTILE, HEAT_EXTREME_PERCENTILE],
    orgId,
  );
  for (const [k, p] of missing) {
    const mine = rows.filter((r) => r.k === p.key && r.tz === p.timezone);
    const total = mine.reduce((s, r) => s + Number(r.days), 0);
    let climate: Climate | null = null;
    if (total >= CLIMATE_MIN_DAYS) {
      const pick = (field: "warm" | "hot" | "med" | "cold") =>
        Array.from({ length: 12 }, (_, m) => {
          for (let w = 0; w <= 6; w++) {
            const r = mine.find((x) => x.m === (m + w) % 12) ??
              mine.find((x) => x.m === (m + 12 - w) % 12);
            if (r) return Number(r[field]);
          }
          return NaN;
        });
      climate = {
        warmMeanC: pick("warm"),
        extremeMaxC: pick("hot"),
        medianMeanC: pick("med"),
        coldMeanC: pick("cold"),
      };
      if (total < CLIMATE_FULL_DAYS) {
        const gap = mine.reduce((s, r) => s + Number(r.gap) * Number(r.days), 0) / total;
        climate = shortHistoryClimate(climate, gap);
      }
    }
    climateCache.set(`${orgId}\u0000${k}`, { day, climate });
    out.set(k, climate);
  }
  return out;
}

/** Scaled model inputs of every hospital that has enough history (others are skipped). */
function buildInputs(
  inputs: Awaited<ReturnType<typeof loadForecastInputs>>,
  spec: FeatureSpec,
  overrides: Overrides,
) {
  const rows: { hospital: Hospital; x: Float32Array; scale: Float32Array }[] = [];
  for (const h of inputs.hospitals) {
    const history = scenarioHistory(scenarioOf(inputs, h), overrides);
    const r = forecastRows(history, LOOKBACK_HOURS, spec);
    if (r) rows.push({ hospital: h.row, ...r });
  }
  return rows;
}

/** The models to forecast with: the organisation's (for its trained hospitals) and the global. */
export type ModelChoice = { org: OrgModel | null; global: ActiveModel };

/**
 * Forecasts the next 72 h for an organisation's hospitals (or the listed ones), each with the
 * model that serves it (ml/registry.ts orgModels: the organisation's own for the hospitals it was
 * trained on, the global model otherwise; `model` forces one). Hospitals with less than a day of
 * arrivals in the last 28 days are left out.
 */
export async function forecastOrg(
  db: Queryable,
  orgId: string,
  issuedAt: Date,
  opts: { hospitalIds?: string[]; overrides?: Overrides; model?: ActiveModel } = {},
): Promise<HospitalForecast[]> {
  const [models, inputs] = await Promise.all([
    opts.model ? { org: null, global: opts.model } : orgModels(db, orgId),
    loadForecastInputs(db, orgId, issuedAt, opts.hospitalIds),
  ]);
  const byModel = new Map<ActiveModel, typeof inputs.hospitals>();
  for (const h of inputs.hospitals) {
    const m = modelForHospital(models, h.id);
    byModel.set(m, [...(byModel.get(m) ?? []), h]);
  }
  const out: HospitalForecast[] = [];
  for (const [model, hospitals] of byModel) {
    const rows = buildInputs({ ...inputs, hospitals }, model.spec, opts.overrides ?? {});
    if (!rows.length) continue;
    const f = model.spec.names.length, n = HORIZON_HOURS;
    const x = new Float32Array(rows.length * n * f), scale = new Float32Array(rows.length * n);
    rows.forEach((r, i) => {
      x.set(r.x, i * n * f);
      scale.set(r.scale, i * n);
    });
    const session = await sharedSession(model.sha256, () => model.artifact);
    const { quantiles: q, mean } = await runForecastSession(session, x, scale, rows.length * n);
    out.push(...rows.map((r, i) => ({
      hospitalId: r.hospital.id,
      modelVersion: model.version,
      issuedAt: issuedAt.toISOString(),
      capacity: capacityOf(r.hospital),
      points: quantilePoints(q, i * n, n, issuedAt.getTime(), mean),
    })));
  }
  return out;
}
