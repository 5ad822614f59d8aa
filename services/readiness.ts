/**
 * The one census and readiness computation of a hospital: its latest forecast, its latest
 * occupancy and history, the organisation's settings → census p10/p50/p90 per hour and the
 * readiness level. The forecast API, the overview, the plan job and the alerts all call this, so
 * they always agree. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import type { Hospital } from "../models/hospitals.ts";
import { censusHistory, latestDataTs } from "../models/observations.ts";
import type { OrgSettings } from "../domain/settings.ts";
import { type DataFreshness, dataFreshness } from "../domain/freshness.ts";
import type { CensusPoint } from "../domain/census.ts";
import {
  type CensusHistoryInput,
  type CensusModel,
  hospitalCensus,
} from "../domain/hospital_census.ts";
import { readinessOf, type ReadinessSummary } from "../domain/readiness.ts";

/** Hours of arrivals before the origin the census reads (beyond any realistic stay). */
export const CENSUS_HISTORY_HOURS = 72;

export interface HospitalReadiness {
  census: CensusPoint[];
  model: CensusModel;
  summary: ReadinessSummary;
}

/** The census inputs of a hospital before `origin`, as JSON (the what-if page ships them). */
export async function loadCensusHistory(
  db: Queryable,
  orgId: string,
  h: Hospital,
  origin: Date,
): Promise<CensusHistoryInput> {
  const r = await censusHistory(db, orgId, h.id, origin, CENSUS_HISTORY_HOURS);
  return {
    occupancy: r.occupancy,
    occupancyAt: r.occupancyAt?.toISOString() ?? null,
    arrivals: Array.from(r.arrivals, (v) => Number.isFinite(v) ? v : null),
    paired: r.paired,
  };
}

/** How fresh each hospital's data of an organisation is at `now` (settings.dataStaleHours). */
export async function orgFreshness(
  db: Queryable,
  orgId: string,
  now: Date,
  settings: Pick<OrgSettings, "dataStaleHours">,
): Promise<Map<string, DataFreshness>> {
  const latest = await latestDataTs(db, orgId, now);
  return new Map(
    [...latest].map(([id, ts]) => [id, dataFreshness(ts, now, settings.dataStaleHours)]),
  );
}

/** A forecast hour the census can use: every quantile a finite, non-negative number. */
const usable = (p: { p10: number; p50: number; p90: number }) =>
  [p.p10, p.p50, p.p90].every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0);

/**
 * Census and readiness of one hospital for a forecast (its points from its first hour). With
 * `freshness` stale, or a forecast with unusable hours (a model without recent inputs gives
 * nulls), there is no census: the level is "unknown", never a figure made of missing values.
 */
export async function hospitalReadiness(
  db: Queryable,
  orgId: string,
  h: Hospital,
  forecast: { points: { ts: Date | string; p10: number; p50: number; p90: number }[] },
  settings: OrgSettings,
  freshness?: DataFreshness,
): Promise<HospitalReadiness> {
  if (!forecast.points.length || freshness?.stale || !forecast.points.every(usable)) {
    return {
      census: [],
      model: hospitalCensus({
        settings,
        history: { occupancy: null, occupancyAt: null, arrivals: [], paired: emptyPairs },
        origin: 0,
        points: [],
        timezone: h.timezone,
      }).model,
      summary: readinessOf([], h.edBeds, settings, freshness),
    };
  }
  const origin = new Date(forecast.points[0].ts);
  const history = await loadCensusHistory(db, orgId, h, origin);
  const r = readinessFrom(h, forecast.points, history, settings);
  return { ...r, summary: readinessOf(r.census, h.edBeds, settings, freshness) };
}

const emptyPairs = { hours: 0, meanOccupancy: 0, meanArrivals: 0 };

/** The same computation from already loaded inputs (pure). */
export function readinessFrom(
  h: Pick<Hospital, "edBeds" | "timezone">,
  points: { ts: Date | string; p10: number; p50: number; p90: number }[],
  history: CensusHistoryInput,
  settings: OrgSettings,
): HospitalReadiness {
  const { census, model } = hospitalCensus({
    settings,
    history,
    origin: new Date(points[0].ts).getTime(),
    points,
    timezone: h.timezone,
  });
  return { census, model, summary: readinessOf(census, h.edBeds, settings) };
}
