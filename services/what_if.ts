/**
 * What-if windows: everything a scenario needs for the next 72 h or for a window up to 12 months
 * ahead (ml/what_if_window.ts), read once for the /what-if page (which runs the model in the
 * browser) and for POST /api/forecast/what-if (which runs it here). Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import { HttpError } from "../framework/http_error.ts";
import { gridKey } from "../domain/grid.ts";
import type { Hospital } from "../models/hospitals.ts";
import { listEvents } from "../models/events.ts";
import { environmentClimatology, environmentSeries } from "../models/environment.ts";
import { issueHour, loadForecastInputs, scenarioOf } from "../ml/forecaster.ts";
import { forecastRows, HORIZON_HOURS, levelAt, LOOKBACK_HOURS } from "../ml/features.ts";
import { HOUR_MS } from "../ml/feature_inputs.ts";
import {
  type ForecastPoint,
  type Overrides,
  quantilePoints,
  scenarioHistory,
  type ScenarioInputs,
} from "../ml/what_if_inputs.ts";
import { fillFromClimatology, moveScenario, weeksAhead } from "../ml/what_if_window.ts";
import { scenarioOutcome } from "../ml/what_if_plan.ts";
import { modelForHospital, orgModels } from "../ml/registry.ts";
import { runForecastSession, sharedSession } from "../ml/onnx_runtime.ts";
import type { CensusHistoryInput } from "../domain/hospital_census.ts";
import type { OrgSettings } from "../domain/settings.ts";
import { formatDateTime } from "../domain/time_format.ts";
import { loadCensusHistory } from "./readiness.ts";
import { orgSettings } from "./settings.ts";

/** A window may start at most this far ahead. */
export const MAX_AHEAD_DAYS = 366;
const CENSUS_HISTORY_HOURS = 72;
const monthName = new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" });

export interface WhatIfWindow {
  start: string;
  future: boolean;
  weeksShifted: number;
  storedHours: number;
  climatologyHours: number;
  climateMonths: number[];
  climateDays: number;
  note: string;
}

export interface WhatIfSetup {
  origin: Date;
  scenario: ScenarioInputs;
  names: Record<string, string>;
  censusHistory: CensusHistoryInput;
  settings: OrgSettings;
  window: WhatIfWindow;
  /** False when the hospital has too little arrivals history for a forecast. */
  enough: boolean;
}

const nameOf = (events: { code: string }[]) =>
  Object.fromEntries(events.map((e) => [e.code, (e as { name?: string }).name ?? e.code]));

/** The scenario of a hospital for the window starting at `start` (the next 72 h when null). */
export async function whatIfSetup(
  db: Queryable,
  orgId: string,
  h: Hospital,
  start: Date | null,
  now = new Date(),
): Promise<WhatIfSetup> {
  const current = issueHour(now);
  const settings = await orgSettings(db, orgId);
  if (start && start.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000) {
    throw new HttpError(422, "validation_failed", "start: at most 12 months ahead", [
      { path: "start", message: "at most 12 months ahead" },
    ]);
  }
  const origin = start && start.getTime() > current.getTime() + HOUR_MS
    ? issueHour(start)
    : current;
  if (origin.getTime() === current.getTime()) {
    const inputs = await loadForecastInputs(db, orgId, origin, [h.id]);
    const scenario = scenarioOf(inputs, inputs.hospitals[0]);
    return {
      origin,
      scenario,
      names: nameOf(inputs.events),
      censusHistory: await loadCensusHistory(db, orgId, h, origin),
      settings,
      enough: levelAt(scenarioHistory(scenario), scenario.origin) !== null,
      window: {
        start: origin.toISOString(),
        future: false,
        weeksShifted: 0,
        storedHours: 0,
        climatologyHours: 0,
        climateMonths: [],
        climateDays: 0,
        note: "The next 72 hours: the latest arrivals, occupancy and stored weather forecasts.",
      },
    };
  }
  // A later window: the latest observed weeks moved whole weeks ahead, stored or climatological
  // weather, and the organisation's events in that window.
  const weeks = weeksAhead(origin.getTime(), current.getTime());
  const anchor = new Date(origin.getTime() - weeks * 7 * 24 * HOUR_MS);
  const inputs = await loadForecastInputs(db, orgId, anchor, [h.id]);
  const base = scenarioOf(inputs, inputs.hospitals[0]);
  const hours = LOOKBACK_HOURS + HORIZON_HOURS;
  const from = origin.getTime() - LOOKBACK_HOURS * HOUR_MS;
  const nan = () => new Float64Array(hours).fill(NaN);
  const env = { temperatureC: nan(), relativeHumidity: nan(), pm25: nan(), ozone: nan() };
  const key = gridKey(h.lat, h.lon);
  for (
    const p of await environmentSeries(db, {
      locationKey: key,
      orgId,
      from: new Date(from),
      to: new Date(from + hours * HOUR_MS),
    })
  ) {
    const i = Math.round((new Date(p.ts).getTime() - from) / HOUR_MS);
    if (i < 0 || i >= hours) continue;
    env.temperatureC[i] = p.temperatureC ?? NaN;
    env.relativeHumidity[i] = p.relativeHumidity ?? NaN;
    env.pm25[i] = p.pm25 ?? NaN;
    env.ozone[i] = p.ozone ?? NaN;
  }
  const stored = Array.from(env.temperatureC.slice(LOOKBACK_HOURS)).filter(Number.isFinite).length;
  const climate = await environmentClimatology(db, { locationKey: key, orgId, until: now });
  fillFromClimatology(env, from, climate);
  const climatologyHours = HORIZON_HOURS - stored;
  const events = (await listEvents(db, orgId, {
    from: new Date(from - 24 * HOUR_MS),
    to: new Date(origin.getTime() + (HORIZON_HOURS + 12) * HOUR_MS),
  })).map((e) => ({
    ...e,
    code: e.id,
    startsAt: new Date(e.startsAt),
    endsAt: new Date(e.endsAt),
  }));
  const scenario = moveScenario(base, weeks, env, events);
  const history = await loadCensusHistory(db, orgId, h, current);
  const arrivals = Array.from(
    scenario.arrivals,
    (v) => (Number.isFinite(v) ? v : null),
  ).slice(LOOKBACK_HOURS - CENSUS_HISTORY_HOURS, LOOKBACK_HOURS);
  const months = climate.months.map((m) => monthName.format(Date.UTC(2000, m, 1)));
  const weather = climatologyHours <= 0
    ? "stored weather forecasts for all 72 hours"
    : climate.months.length
    ? `${stored} h from stored forecasts and ${climatologyHours} h from this place's ` +
      `climatology (hourly means of ${climate.days} days of stored readings, ` +
      `${months.join(", ")}${climate.months.length > 1 ? "; the nearest month stands in" : ""})`
    : `${stored} h from stored forecasts; no stored history here for the other ` +
      `${climatologyHours} h: heat and air quality are left out of them`;
  return {
    origin,
    scenario,
    names: nameOf(events),
    censusHistory: { occupancy: null, occupancyAt: null, arrivals, paired: history.paired },
    settings,
    enough: levelAt(scenarioHistory(scenario), scenario.origin) !== null,
    window: {
      start: origin.toISOString(),
      future: true,
      weeksShifted: weeks,
      storedHours: stored,
      climatologyHours: Math.max(0, climatologyHours),
      climateMonths: climate.months,
      climateDays: climate.days,
      note: `Window from ${formatDateTime(origin, h.timezone)}: arrivals before it are this ` +
        `hospital's latest four weeks moved ${weeks} week${weeks === 1 ? "" : "s"} ahead (same ` +
        `weekdays and hours, no trend); occupancy then is unknown, so the census starts from ` +
        `those arrivals (steady state); weather: ${weather}.`,
    },
  };
}

/**
 * Runs the hospital's model (its organisation's own, or the global one) on a scenario here; the
 * browser does the same with ONNX Runtime Web.
 */
export async function forecastScenario(
  db: Queryable,
  orgId: string,
  h: Hospital,
  setup: WhatIfSetup,
  overrides: Overrides,
): Promise<{ modelVersion: string; points: ForecastPoint[] } | null> {
  const model = modelForHospital(await orgModels(db, orgId), h.id);
  const rows = forecastRows(
    scenarioHistory(setup.scenario, overrides),
    setup.scenario.origin,
    model.spec,
  );
  if (!rows) return null;
  const session = await sharedSession(model.sha256, () => model.artifact);
  const { quantiles, mean } = await runForecastSession(session, rows.x, rows.scale, HORIZON_HOURS);
  return {
    modelVersion: model.version,
    points: quantilePoints(quantiles, 0, HORIZON_HOURS, setup.origin.getTime(), mean),
  };
}

/** The what-if answer: forecast, census, readiness and the plan items of the scenario. */
export async function whatIf(
  db: Queryable,
  orgId: string,
  h: Hospital,
  overrides: Overrides,
  start: Date | null,
  now = new Date(),
) {
  const setup = await whatIfSetup(db, orgId, h, start, now);
  const f = setup.enough ? await forecastScenario(db, orgId, h, setup, overrides) : null;
  if (!f) {
    throw new HttpError(
      409,
      "insufficient_history",
      `hospital ${h.code} has less than a day of ED arrivals in the last 28 days; no forecast yet`,
    );
  }
  const outcome = scenarioOutcome({
    scenario: setup.scenario,
    overrides,
    points: f.points,
    censusHistory: setup.censusHistory,
    settings: setup.settings,
    hospital: h,
    names: setup.names,
  });
  return { setup, forecast: f, outcome };
}
