/**
 * What a what-if scenario means for the ED: its census, readiness and the plan the agents would
 * write for it — the same pure functions the server's plans use (domain/), run on the scenario's
 * forecast and environment. Shared by POST /api/forecast/what-if and the browser's what-if.
 */
import {
  type CensusHistoryInput,
  type CensusModel,
  hospitalCensus,
} from "../domain/hospital_census.ts";
import type { CensusPoint } from "../domain/census.ts";
import { readinessOf, type ReadinessSummary } from "../domain/readiness.ts";
import type { OrgSettings } from "../domain/settings.ts";
import { planEvent } from "../domain/plans/events.ts";
import { runAgents } from "../domain/plans/run.ts";
import type { PlanEnvironmentHour, PlanEvent, RecommendationDraft } from "../domain/plans/types.ts";
import { HOUR_MS } from "./feature_inputs.ts";
import {
  type ForecastPoint,
  type Overrides,
  scenarioHistory,
  type ScenarioInputs,
} from "./what_if_inputs.ts";

export interface ScenarioHospital {
  code: string;
  name: string;
  edBeds: number;
  staffBaseline: number;
  timezone: string;
}

export interface ScenarioOutcome {
  census: CensusPoint[];
  censusModel: CensusModel;
  readiness: ReadinessSummary;
  plan: RecommendationDraft[];
}

const num = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null);

/** Census, readiness and plan of one scenario's forecast points. */
export function scenarioOutcome(a: {
  scenario: ScenarioInputs;
  overrides: Overrides;
  points: ForecastPoint[];
  censusHistory: CensusHistoryInput;
  settings: OrgSettings;
  hospital: ScenarioHospital;
  /** Display names of the scenario's events by code. */
  names: Record<string, string>;
}): ScenarioOutcome {
  const { scenario: s, hospital: h, settings } = a;
  const origin = s.start + s.origin * HOUR_MS;
  const { census, model } = hospitalCensus({
    settings,
    history: a.censusHistory,
    origin,
    points: a.points,
    timezone: h.timezone,
  });
  const readiness = readinessOf(census, h.edBeds, settings);
  // The environment as the model saw it, with the what-if's temperature and PM2.5 changes.
  const history = scenarioHistory(s, a.overrides);
  const pm25 = Float64Array.from(s.environment.pm25);
  for (let i = s.origin; i < pm25.length; i++) {
    pm25[i] = Math.max(0, pm25[i] + (a.overrides.pm25Delta ?? 0));
  }
  const environment: PlanEnvironmentHour[] = a.points.map((_, k) => {
    const i = s.origin + k;
    return {
      ts: new Date(origin + k * HOUR_MS),
      heatIndexC: num(history.env.heatIndexC[i]),
      aqi: Number.isFinite(history.env.aqi[i]) ? Math.round(history.env.aqi[i]) : null,
      pm25: num(pm25[i]),
    };
  });
  // Other hospitals' census is not part of a what-if: they count as open receiving hospitals.
  const self = { code: h.code, lat: s.hospital.lat, lon: s.hospital.lon };
  const peers = s.peers.map((p, i) =>
    p.lat === self.lat && p.lon === self.lon
      ? { ...self, name: h.name }
      : { code: `peer-${i}`, name: "another hospital", lat: p.lat, lon: p.lon }
  );
  if (!peers.some((p) => p.code === h.code)) peers.push({ ...self, name: h.name });
  const end = origin + a.points.length * HOUR_MS;
  const events: PlanEvent[] = [];
  for (const e of s.events) {
    if (e.endsAt.getTime() <= origin || e.startsAt.getTime() >= end) continue;
    const applies = !a.overrides.eventIds || a.overrides.eventIds.includes(e.code);
    const scaled = {
      ...e,
      name: a.names[e.code] ?? e.code,
      expectedAttendance: Math.round(
        e.expectedAttendance * (applies ? a.overrides.attendanceFactor ?? 1 : 1),
      ),
    };
    const during = environment.filter((x) => x.ts >= e.startsAt && x.ts < e.endsAt);
    const pe = planEvent(scaled, self, peers, during);
    if (pe) events.push(pe);
  }
  const plan = runAgents({
    now: new Date(origin),
    hospital: h,
    settings,
    forecast: a.points.map((p) => ({ ...p, ts: new Date(p.ts) })),
    census: census.map((c) => ({ ...c, ts: new Date(c.ts) })),
    censusModel: model,
    readiness,
    environment,
    events,
  });
  return { census, censusModel: model, readiness, plan };
}
