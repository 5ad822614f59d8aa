/** The input every planning agent reads and the recommendation each one writes (pure data). */
import type { Role } from "../../lib/access.ts";
import type { EventType } from "../../models/events.ts";
import type { OrgSettings } from "../settings.ts";
import type { CensusModel } from "../hospital_census.ts";
import type { Level, ReadinessSummary } from "../readiness.ts";
import type { EdStatus } from "../ed_status.ts";
import type { NedocsNow } from "../nedocs.ts";

export const priorities = ["critical", "high", "medium", "low"] as const;
export type Priority = typeof priorities[number];

export const agents = [
  "capacity",
  "staffing",
  "supplies",
  "heat",
  "air_quality",
  "event_medical",
  "communications",
] as const;
export type Agent = typeof agents[number];

/**
 * Who acts, in the Hospital Incident Command System's words (DOMAIN.md), so that a plan reads
 * like the hospital's own.
 */
export const hicsRoles = [
  "Incident Commander",
  "Public Information Officer",
  "Liaison Officer",
  "Safety Officer",
  "Operations Section Chief",
  "Planning Section Chief",
  "Logistics Section Chief",
  "Finance/Administration Section Chief",
] as const;
export type HicsRole = typeof hicsRoles[number];

/** One forecast hour: the 80 % interval (p10–p90), the median and the mean of ED arrivals. */
export interface PlanForecastHour {
  ts: Date;
  p10: number;
  p50: number;
  p90: number;
  /** Expected arrivals (the model's mean); absent on forecasts stored before it existed. */
  mean?: number;
}

/** One hour of patients in the ED (services/readiness.ts, domain/census.ts). */
export interface PlanCensusHour {
  ts: Date;
  p10: number;
  p50: number;
  p90: number;
}

/** One hour of the environment forecast at a place's grid cell. */
export interface PlanEnvironmentHour {
  ts: Date;
  heatIndexC: number | null;
  aqi: number | null;
  pm25: number | null;
}

/** A hospital that may receive an event's transfers, after conflict resolution. */
export interface ReceivingHospital {
  code: string;
  name: string;
  /** Share by distance and capability (domain/event_load.ts transferShares). */
  share: number;
  /** Share proposed to EMS: none for a hospital over capacity during the event. */
  proposedShare: number;
  /** The hospital's worst census level during the event and the hours after it. */
  level: Level;
}

/** An event near the hospital with its expected load (see events.ts for the formula). */
export interface PlanEvent {
  code: string;
  name: string;
  type: EventType;
  startsAt: Date;
  endsAt: Date;
  expectedAttendance: number;
  /** The crowd present on a day (domain/event_load.ts dailyAttendance). */
  dailyAttendance: number;
  attendanceBasis: "perDay" | "total";
  alcohol: boolean;
  indoor: boolean;
  distanceKm: number;
  /** Share of the event's patients this hospital receives by distance. */
  share: number;
  /** Expected on-site presentations of the whole event (PPR × attendance × modifiers). */
  onSite: number;
  /** Presentations per 1,000 attendees used (the type's PPR with the modifiers). */
  pprUsed: number;
  /** Expected ambulance transfers of the whole event (TTHR-based). */
  transfers: number;
  /** Expected transfers to this hospital (transfers × share). */
  transfersHere: number;
  /** Expected ED arrivals at this hospital from the event (transfers + self-presentations). */
  toEdHere: number;
  /** Forecast conditions at the event's place during it. */
  conditions: PlanEnvironmentHour[];
  /** Hospitals proposed to receive its transfers (conflict resolution over their census). */
  receiving: ReceivingHospital[];
}

export interface PlanInput {
  now: Date;
  hospital: { code: string; name: string; edBeds: number; staffBaseline: number; timezone: string };
  settings: OrgSettings;
  /** Arrivals forecast for the plan's hours (empty when the hospital has no forecast yet). */
  forecast: PlanForecastHour[];
  /** Patients in the ED for the same hours (empty without a forecast). */
  census: PlanCensusHour[];
  censusModel: CensusModel | null;
  /** Readiness from the same census: agents never contradict it. */
  readiness: ReadinessSummary;
  environment: PlanEnvironmentHour[];
  events: PlanEvent[];
  /** What the ED itself reports (diversion, NEDOCS inputs), when it does (issue 18). */
  edStatus?: EdStatus | null;
  nedocs?: NedocsNow | null;
}

/** What an agent proposes; `key` identifies "the same" recommendation across hourly plans. */
export interface RecommendationDraft {
  agent: Agent;
  key: string;
  priority: Priority;
  title: string;
  action: string;
  rationale: string;
  /** Figures behind it, incl. `settings` (the organisation settings it used, with values). */
  evidence: Record<string, unknown>;
  /** Who in FestSafe acts on it (a user role). */
  ownerRole: Role;
  /** Who acts in the hospital's incident command (HICS). */
  hicsRole: HicsRole;
  dueAt: Date | null;
}

export type PlanAgent = (input: PlanInput) => RecommendationDraft[];
