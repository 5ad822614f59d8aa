/** The input every planning agent reads and the recommendation each one writes (pure data). */
import type { Role } from "../../lib/access.ts";
import type { EventType } from "../../models/events.ts";

export const priorities = ["critical", "high", "medium", "low"] as const;
export type Priority = typeof priorities[number];

export const agents = ["staffing", "beds", "supplies", "heat", "air_quality", "ems"] as const;
export type Agent = typeof agents[number];

/** One forecast hour: the 80 % interval (p10–p90) and the median of ED arrivals. */
export interface PlanForecastHour {
  ts: Date;
  p10: number;
  p50: number;
  p90: number;
}

/** One hour of the environment forecast at the hospital's grid cell. */
export interface PlanEnvironmentHour {
  ts: Date;
  heatIndexC: number | null;
  aqi: number | null;
  pm25: number | null;
}

/** An event near the hospital with its expected load (see events.ts for the formula). */
export interface PlanEvent {
  code: string;
  name: string;
  type: EventType;
  startsAt: Date;
  endsAt: Date;
  expectedAttendance: number;
  distanceKm: number;
  /** Share of the event's patients this hospital receives (distance decay). */
  share: number;
  /** Expected on-site presentations of the whole event (PPR × attendance × modifiers). */
  onSite: number;
  /** Expected ambulance transfers of the whole event (TTHR-based). */
  transfers: number;
  /** Expected transfers to this hospital (transfers × share). */
  transfersHere: number;
  /** Expected ED arrivals at this hospital from the event (transfers + self-presentations). */
  toEdHere: number;
}

export interface PlanInput {
  now: Date;
  hospital: { code: string; name: string; edBeds: number; staffBaseline: number; timezone: string };
  /** Arrivals per hour the ED absorbs (ED beds ÷ length of stay; ml/forecaster.ts capacityOf). */
  capacity: number;
  /** The next hours of the latest forecast (empty when the hospital has no forecast yet). */
  forecast: PlanForecastHour[];
  environment: PlanEnvironmentHour[];
  events: PlanEvent[];
}

/** What an agent proposes; `key` identifies "the same" recommendation across hourly plans. */
export interface RecommendationDraft {
  agent: Agent;
  key: string;
  priority: Priority;
  title: string;
  action: string;
  rationale: string;
  evidence: Record<string, unknown>;
  ownerRole: Role;
  dueAt: Date | null;
}

export type PlanAgent = (input: PlanInput) => RecommendationDraft[];
