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
  levelPriority,
  levelRank,
  levelText,
  type ReadinessSummary,
} from "./readiness.ts";
import type { OrgSettings } from "./settings.ts";
import type { PlanEnvironmentHour, Priority } from "./plans/types.ts";
import { heatCategoryOf } from "./plans/heat.ts";
import { aqiCategoryOf } from "./plans/air_quality.ts";
import { formatSpan, formatTime } from "./time_format.ts";
import { dataAgeWords, type DataFreshness, dataStoppedWords } from "./freshness.ts";
import { dailyAttendance } from "./event_load.ts";
import { MIN_PLANNED_ATTENDANCE } from "./event_cover.ts";

import type { NedocsNow } from "./nedocs.ts";
import { nedocsAlertCandidates } from "./nedocs_alerts.ts";

export type AlertKind = "capacity" | "heat" | "air_quality" | "data" | "nedocs";

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
    freshness?: DataFreshness;
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
      expectedAttendance?: number;
      attendanceBasis?: "perDay" | "total";
    };
    conditions: PlanEnvironmentHour[];
  }[];
  /** Zone of organisation-wide messages (events). */
  timezone: string;
  /**
   * Keys of the alerts open now: their condition is judged against the clearing level
   * (threshold lowered by settings.alertClearMargin), so an alert stays up until its value is
   * clearly below the level that raised it (hysteresis; the service adds the hours).
   */
  open?: ReadonlySet<string>;
}

/** The level an alert's condition is judged at: its threshold, or the clearing one if open. */
export function alertLevel(
  threshold: number,
  key: string,
  sit: Pick<AlertSituation, "open" | "settings">,
): number {
  return sit.open?.has(key) ? threshold * (1 - sit.settings.alertClearMargin) : threshold;
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
  for (const { hospital: h, census, readiness: r } of sit.hospitals) {
    if (r.level === "unknown" || !r.peak || h.edBeds <= 0) continue;
    const key = `capacity:hospital:${h.id}`;
    const share = alertLevel(sit.settings.capacityAlertShare, key, sit);
    const over = census.filter((c) => c.p50 >= share * h.edBeds);
    if (!over.length) continue;
    const worst = over.reduce<Level>((a, c) => {
      const l = hourLevel(c, h.edBeds, sit.settings);
      return levelRank(l) > levelRank(a) ? l : a;
    }, "normal");
    const first = new Date(over[0].ts), last = end(over[over.length - 1].ts);
    const within = first.getTime() < sit.now.getTime() + 24 * HOUR ? "24 h" : "72 h";
    const peak = over.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    // The title says no time at all: a window relative to when the alert was raised ("within
    // 24 h") is wrong when read a day later; the screens add "(starts in N h)" when they show it.
    const worstFrom = over.find((c) => hourLevel(c, h.edBeds, sit.settings) === worst) ?? over[0];
    out.push({
      key,
      kind: "capacity",
      severity: levelPriority[worst] ?? "medium",
      hospitalId: h.id,
      eventId: null,
      startsAt: first,
      endsAt: last,
      title: `${h.name}: ED ${levelText(worst === "normal" ? "elevated" : worst)}`,
      message: `Likely ${peak.p50} patients in the ED (a 1 in 10 chance of more than ` +
        `${peak.p90}) for ${h.edBeds} staffed beds at ${formatTime(peak.ts, h.timezone)}; ` +
        `likely at or over ${Math.round(share * 100)} % of the beds (the alert threshold) in ` +
        `${over.length} h from ${formatTime(first, h.timezone)}` +
        (worst === "normal" ? "." : `; ${worst} from ${formatTime(worstFrom.ts, h.timezone)}.`),
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
  key: string,
  sit: Pick<AlertSituation, "open" | "settings">,
): { over: Reading[]; peak: Reading; severity: Priority; category: string } | null {
  const settings = sit.settings;
  const threshold = alertLevel(
    kind === "heat" ? settings.heatAlertIndexC : settings.aqiAlert,
    key,
    sit,
  );
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
    const a = conditionAlert(kind, hours, `${kind}:${subject.key}`, sit);
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
    // An event of a handful of people (attendance 0 or 1) is no mass gathering: no alert.
    if (
      e.expectedAttendance !== undefined &&
      dailyAttendance({ ...e, expectedAttendance: e.expectedAttendance }) < MIN_PLANNED_ATTENDANCE
    ) continue;
    const during = hours.filter((x) => x.ts >= e.startsAt && x.ts < e.endsAt);
    const subject = { key: `event:${e.id}`, name: e.name, hospitalId: null, eventId: e.id };
    add("heat", subject, during, sit.timezone);
    add("air_quality", subject, during, sit.timezone);
  }
  return out;
}

/**
 * A hospital whose data stopped (older than settings.dataStaleHours): its readiness is unknown,
 * which the organisation must hear about rather than read as "normal". Hospitals that never
 * reported are left out (a newly registered hospital is not a broken feed).
 */
function dataStopped(sit: AlertSituation): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  for (const { hospital: h, freshness: f } of sit.hospitals) {
    if (!f?.stale || f.dataAt === null) continue;
    const since = new Date(f.dataAt);
    out.push({
      key: `data:hospital:${h.id}`,
      kind: "data",
      severity: "high",
      hospitalId: h.id,
      eventId: null,
      startsAt: since,
      // Fixed while the data stays stopped (the hour it became stale), so the alert is raised
      // once and not updated at every refresh as its age grows.
      endsAt: new Date(since.getTime() + sit.settings.dataStaleHours * HOUR),
      title: `${h.name}: readiness unknown — ${dataStoppedWords(f.dataAt, h.timezone)}`,
      message:
        `No ED data from ${h.name} since ${formatTime(since, h.timezone)} (${
          dataAgeWords(f.dataAgeHours)
        }): its census and readiness cannot be judged until uploads resume. Check the feed or ` +
        `ask the ED for its current occupancy.`,
      evidence: {
        dataAt: f.dataAt,
        settings: { dataStaleHours: sit.settings.dataStaleHours },
      },
    });
  }
  return out;
}

/** Every alert the situation warrants. */
export function alertCandidates(sit: AlertSituation): AlertCandidate[] {
  return [...capacity(sit), ...conditions(sit), ...dataStopped(sit), ...nedocsAlertCandidates(sit)];
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
