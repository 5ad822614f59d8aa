/**
 * An organisation's situation for the next 72 h, read once per refresh: per hospital its forecast,
 * census and readiness (services/readiness.ts) and its forecast conditions; per upcoming event
 * its conditions. Plans (services/plans.ts) and alerts (services/alerts.ts) are both built from
 * this one object, so they cannot disagree.
 */
import { type EdStatus, nedocsOf } from "../domain/ed_status.ts";
import type { NedocsNow } from "../domain/nedocs.ts";
import { orgEdStatus } from "./ed_status.ts";
import type { Queryable } from "../infra/db.ts";
import { gridKey } from "../domain/grid.ts";
import { issueHour } from "../ml/forecaster.ts";
import { latestForecast } from "../models/forecasts.ts";
import { environmentSeries } from "../models/environment.ts";
import { type FestEvent, listEvents } from "../models/events.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import type { OrgSettings } from "../domain/settings.ts";
import type { CensusPoint } from "../domain/census.ts";
import type { CensusModel } from "../domain/hospital_census.ts";
import { readinessOf, type ReadinessSummary } from "../domain/readiness.ts";
import type { PlanEnvironmentHour, PlanForecastHour } from "../domain/plans/types.ts";
import { orgSettings, orgTimezone } from "./settings.ts";
import { hospitalReadiness, orgFreshness } from "./readiness.ts";
import { type DataFreshness, dataFreshness } from "../domain/freshness.ts";

const HOUR = 3_600_000;
/** Plans, readiness and alerts look 72 h ahead, like the forecast. */
export const PLAN_HORIZON_HOURS = 72;

export interface HospitalSituation {
  hospital: Hospital;
  forecastIssuedAt: Date | null;
  modelVersion: string | null;
  /** The plan window's hours only. */
  forecast: PlanForecastHour[];
  census: CensusPoint[];
  censusModel: CensusModel | null;
  readiness: ReadinessSummary;
  environment: PlanEnvironmentHour[];
  /** How fresh its data is: stale data leaves it "unknown" and raises a data alert. */
  freshness?: DataFreshness;
  /** The ED's latest reported status and NEDOCS from it (issue 18; null when none). */
  edStatus?: EdStatus | null;
  nedocs?: NedocsNow | null;
}

export interface OrgSituation {
  orgId: string;
  now: Date;
  from: Date;
  to: Date;
  settings: OrgSettings;
  /** Zone of organisation-wide messages (services/settings.ts orgTimezone). */
  timezone: string;
  hospitals: HospitalSituation[];
  events: { event: FestEvent; conditions: PlanEnvironmentHour[] }[];
}

/** Hourly environment of a place as the agents read it. */
export async function placeConditions(
  db: Queryable,
  orgId: string,
  at: { lat: number; lon: number },
  from: Date,
  to: Date,
): Promise<PlanEnvironmentHour[]> {
  const env = await environmentSeries(db, {
    locationKey: gridKey(at.lat, at.lon),
    orgId,
    from,
    to,
  });
  return env.map((e) => ({
    ts: new Date(e.ts),
    heatIndexC: e.heatIndexC,
    aqi: e.aqi,
    pm25: e.pm25,
  }));
}

/** One hospital's situation over [from, to). */
export async function hospitalSituation(
  db: Queryable,
  orgId: string,
  h: Hospital,
  settings: OrgSettings,
  from: Date,
  to: Date,
  freshness: DataFreshness = dataFreshness(null, from, settings.dataStaleHours),
): Promise<HospitalSituation> {
  const stored = await latestForecast(db, orgId, h.id);
  const inWindow = (ts: Date) => ts >= from && ts < to;
  let census: CensusPoint[] = [], censusModel: CensusModel | null = null;
  if (stored?.points.length && !freshness.stale) {
    // The census runs from the forecast's own first hour (its occupancy snapshot precedes it).
    const r = await hospitalReadiness(db, orgId, h, stored, settings, freshness);
    census = r.census.filter((c) => inWindow(new Date(c.ts)));
    censusModel = r.model;
  }
  return {
    hospital: h,
    forecastIssuedAt: stored?.issuedAt ?? null,
    modelVersion: stored?.modelVersion ?? null,
    forecast: (stored?.points ?? []).filter((p) => inWindow(p.ts)),
    census,
    censusModel,
    readiness: readinessOf(census, h.edBeds, settings, freshness),
    environment: await placeConditions(db, orgId, h, from, to),
    freshness,
  };
}

/** Reads everything plans and alerts need for an organisation's next 72 h. */
export async function loadOrgSituation(
  db: Queryable,
  orgId: string,
  now: Date,
): Promise<OrgSituation> {
  const from = issueHour(now);
  const to = new Date(from.getTime() + PLAN_HORIZON_HOURS * HOUR);
  const settings = await orgSettings(db, orgId);
  const hospitals: HospitalSituation[] = [];
  const fresh = await orgFreshness(db, orgId, now, settings);
  for (const h of await listHospitals(db, orgId)) {
    hospitals.push(await hospitalSituation(db, orgId, h, settings, from, to, fresh.get(h.id)));
  }
  const events = [];
  for (const event of await listEvents(db, orgId, { from: now, to })) {
    const start = new Date(event.startsAt), end = new Date(event.endsAt);
    events.push({ event, conditions: await placeConditions(db, orgId, event, start, end) });
  }
  const timezone = await orgTimezone(db, orgId);
  const statuses = await orgEdStatus(db, orgId, now);
  for (const s of hospitals) {
    s.edStatus = statuses.get(s.hospital.id) ?? null;
    s.nedocs = s.edStatus ? nedocsOf(s.hospital, s.edStatus, s.census).nedocs : null;
  }
  return { orgId, now, from, to, settings, timezone, hospitals, events };
}
