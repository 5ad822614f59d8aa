/**
 * The one census and readiness computation of a hospital: its latest forecast, its latest
 * occupancy and history, the organisation's settings → census p10/p50/p90 per hour and the
 * readiness level. The forecast API, the overview, the plan job and the alerts all call this, so
 * they always agree. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import type { Hospital } from "../models/hospitals.ts";
import { censusHistory } from "../models/observations.ts";
import type { OrgSettings } from "../domain/settings.ts";
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

/** Census and readiness of one hospital for a forecast (its points from its first hour). */
export async function hospitalReadiness(
  db: Queryable,
  orgId: string,
  h: Hospital,
  forecast: { points: { ts: Date | string; p10: number; p50: number; p90: number }[] },
  settings: OrgSettings,
): Promise<HospitalReadiness> {
  if (!forecast.points.length) {
    return {
      census: [],
      model: hospitalCensus({
        settings,
        history: { occupancy: null, occupancyAt: null, arrivals: [], paired: emptyPairs },
        origin: 0,
        points: [],
        timezone: h.timezone,
      }).model,
      summary: readinessOf([], h.edBeds, settings),
    };
  }
  const origin = new Date(forecast.points[0].ts);
  const history = await loadCensusHistory(db, orgId, h, origin);
  return readinessFrom(h, forecast.points, history, settings);
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
