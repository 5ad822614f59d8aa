/**
 * Which alerts an organisation's situation warrants: a hospital's census over the threshold
 * (same levels as readiness and plans), heat and air quality at dangerous levels at a hospital or
 * during an outdoor event (thresholds from the settings; severity by the NWS and EPA categories
 * the plan agents use). One candidate per subject and kind: the alert service raises, updates or
 * resolves the stored alert with the same key.
 */
import type { CensusPoint } from "./census.ts";
import {
  hourLevel,
  type Level,
  levelLabels,
  levelPriority,
  levelRank,
  type ReadinessSummary,
} from "./readiness.ts";
import type { OrgSettings } from "./settings.ts";
import type { PlanEnvironmentHour, Priority } from "./plans/types.ts";
import { heatCategoryOf } from "./plans/heat.ts";
import { aqiCategoryOf } from "./plans/air_quality.ts";
import { formatSpan, formatTime } from "./time_format.ts";
import type { NedocsNow } from "./nedocs.ts";
import { nedocsAlertCandidates } from "./nedocs_alerts.ts";

export type AlertKind = "capacity" | "heat" | "air_quality" | "nedocs";

export interface AlertCandidate {
  key: string;
  kind: AlertKind;
  severity: Priority;
  hospitalId: string | null;
  eventId: string | null;
  startsAt: Date;
  endsAt: Date;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
}

export interface AlertSituation {
  now: Date;
  settings: OrgSettings;
  hospitals: {
    hospital: { id: string; code: string; name: string; edBeds: number; timezone: string };
    census: CensusPoint[];
    readiness: ReadinessSummary;
    environment: PlanEnvironmentHour[];
    /** NEDOCS from the ED's reported status, when every input is reported (issue 18). */
    nedocs?: NedocsNow | null;
  }[];
  events: {
    event: {
      id: string;
      code: string;
      name: string;
      indoor: boolean;
      startsAt: Date;
      endsAt: Date;
    };
    conditions: PlanEnvironmentHour[];
  }[];
  /** Zone of organisation-wide messages (events). */
  timezone: string;
}

const HOUR = 3_600_000;
const end = (ts: Date | string) => new Date(new Date(ts).getTime() + HOUR);

/**
 * A hospital whose median census reaches the alert share of its beds within 72 h. Its severity
 * is the readiness level's priority (strained high, critical critical; medium when a share
 * below 1 alerts on elevated hours), so the alert, the board and the plan say the same.
 */
function capacity(sit: AlertSituation): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  const share = sit.settings.capacityAlertShare;
  for (const { hospital: h, census, readiness: r } of sit.hospitals) {
    if (r.level === "unknown" || !r.peak || h.edBeds <= 0) continue;
    const over = census.filter((c) => c.p50 >= share * h.edBeds);
    if (!over.length) continue;
    const worst = over.reduce<Level>((a, c) => {
      const l = hourLevel(c, h.edBeds, sit.settings);
      return levelRank(l) > levelRank(a) ? l : a;
    }, "normal");
    const first = new Date(over[0].ts), last = end(over[over.length - 1].ts);
    const within = first.getTime() < sit.now.getTime() + 24 * HOUR ? "24 h" : "72 h";
    const peak = over.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    out.push({
      key: `capacity:hospital:${h.id}`,
      kind: "capacity",
      severity: levelPriority[worst] ?? "medium",
      hospitalId: h.id,
      eventId: null,
      startsAt: first,
      endsAt: last,
      title: `${h.name}: ED ${
        levelLabels[worst === "normal" ? "elevated" : worst]
      } within ${within}`,
      message: `Patients in the ED forecast at a median of ${peak.p50} (p90 ${peak.p90}) for ` +
        `${h.edBeds} staffed beds at ${formatTime(peak.ts, h.timezone)}; at or over the alert ` +
        `threshold (median ${Math.round(share * 100)} % of beds) in ${over.length} h from ` +
        `${formatTime(first, h.timezone)}.`,
      evidence: {
        level: worst,
        within,
        peakCensusP50: peak.p50,
        peakCensusP90: peak.p90,
        peakAt: peak.ts,
        edBeds: h.edBeds,
        surgeBeds: r.surgeBeds,
        hoursOver: over.length,
        settings: {
          capacityAlertShare: sit.settings.capacityAlertShare,
          maxSurgeShare: sit.settings.maxSurgeShare,
        },
      },
    });
  }
  return out;
}

interface Reading {
  ts: Date;
  v: number;
}

/** Heat or AQI over the threshold at one place: the hours, the peak and its category. */
function conditionAlert(
  kind: "heat" | "air_quality",
  hours: PlanEnvironmentHour[],
  settings: OrgSettings,
): { over: Reading[]; peak: Reading; severity: Priority; category: string } | null {
  const threshold = kind === "heat" ? settings.heatAlertIndexC : settings.aqiAlert;
  const values = hours.map((h) => ({ ts: h.ts, v: kind === "heat" ? h.heatIndexC : h.aqi }))
    .filter((r): r is Reading => r.v !== null);
  const over = values.filter((r) => r.v >= threshold);
  if (!over.length) return null;
  const peak = over.reduce((a, b) => (b.v > a.v ? b : a));
  const cat = kind === "heat" ? heatCategoryOf(peak.v) : aqiCategoryOf(peak.v);
  // A threshold set below the categories' own still alerts, at the lowest actionable severity.
  return { over, peak, severity: cat?.priority ?? "medium", category: cat?.name ?? "elevated" };
}

function conditions(sit: AlertSituation): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  const add = (
    kind: "heat" | "air_quality",
    subject: { key: string; name: string; hospitalId: string | null; eventId: string | null },
    hours: PlanEnvironmentHour[],
    timezone: string,
  ) => {
    const a = conditionAlert(kind, hours, sit.settings);
    if (!a) return;
    const what = kind === "heat" ? "Heat index" : "AQI";
    const unit = kind === "heat" ? " °C" : "";
    const value = kind === "heat" ? Math.round(a.peak.v * 10) / 10 : Math.round(a.peak.v);
    const threshold = kind === "heat" ? sit.settings.heatAlertIndexC : sit.settings.aqiAlert;
    const first = a.over[0].ts, last = end(a.over[a.over.length - 1].ts);
    out.push({
      key: `${kind}:${subject.key}`,
      kind,
      severity: a.severity,
      hospitalId: subject.hospitalId,
      eventId: subject.eventId,
      startsAt: first,
      endsAt: last,
      title: `${subject.name}: ${what} ${a.category}, up to ${value}${unit}`,
      message: `${what} forecast up to ${value}${unit} at ${formatTime(a.peak.ts, timezone)} ` +
        `(${a.category}); at or above the alert threshold of ${threshold}${unit} for ` +
        `${a.over.length} h (${formatSpan(first, last, timezone)}).`,
      evidence: {
        peak: value,
        peakAt: a.peak.ts.toISOString(),
        category: a.category,
        hoursOver: a.over.length,
        settings: kind === "heat"
          ? { heatAlertIndexC: sit.settings.heatAlertIndexC }
          : { aqiAlert: sit.settings.aqiAlert },
      },
    });
  };
  for (const { hospital: h, environment } of sit.hospitals) {
    const subject = { key: `hospital:${h.id}`, name: h.name, hospitalId: h.id, eventId: null };
    add("heat", subject, environment, h.timezone);
    add("air_quality", subject, environment, h.timezone);
  }
  for (const { event: e, conditions: hours } of sit.events) {
    if (e.indoor) continue;
    const during = hours.filter((x) => x.ts >= e.startsAt && x.ts < e.endsAt);
    const subject = { key: `event:${e.id}`, name: e.name, hospitalId: null, eventId: e.id };
    add("heat", subject, during, sit.timezone);
    add("air_quality", subject, during, sit.timezone);
  }
  return out;
}

/** Every alert the situation warrants. */
export function alertCandidates(sit: AlertSituation): AlertCandidate[] {
  return [...capacity(sit), ...conditions(sit), ...nedocsAlertCandidates(sit)];
}

/**
 * Keys whose absence must not resolve an open alert: subjects with no forecast or no
 * environment data in the window (missing data is not an all-clear).
 */
export function unknownSubjects(sit: AlertSituation): Set<string> {
  const out = new Set<string>();
  for (const { hospital: h, readiness, environment } of sit.hospitals) {
    if (readiness.level === "unknown") out.add(`capacity:hospital:${h.id}`);
    if (!environment.some((e) => e.heatIndexC !== null)) out.add(`heat:hospital:${h.id}`);
    if (!environment.some((e) => e.aqi !== null)) out.add(`air_quality:hospital:${h.id}`);
  }
  // Inputs no longer reported are not an all-clear either.
  for (const { hospital: h, nedocs } of sit.hospitals) {
    if (!nedocs) out.add(`nedocs:hospital:${h.id}`);
  }
  for (const { event: e, conditions: hours } of sit.events) {
    if (!hours.some((x) => x.heatIndexC !== null)) out.add(`heat:event:${e.id}`);
    if (!hours.some((x) => x.aqi !== null)) out.add(`air_quality:event:${e.id}`);
  }
  return out;
}
