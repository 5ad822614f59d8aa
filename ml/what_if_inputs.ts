/**
 * What-if scenarios on top of ./features.ts, shared by the server (ml/forecaster.ts, POST
 * /api/forecast/what-if) and the browser (islands/WhatIf.tsx): the overrides are applied to the
 * same inputs in the same way, and the model's quantiles become points with the same rounding, so
 * the page, the API and the forecast job can never disagree. Pure: no Deno, no database.
 */
import { type HospitalHistory, type HospitalInput, prepareHistory } from "./features.ts";
import { type EnvironmentSeries, HOUR_MS, type Place } from "./feature_inputs.ts";
import type { DayFlags } from "./calendar_flags.ts";
import type { SimEvent } from "../domain/event_load.ts";

/** What-if changes (POST /api/forecast/what-if). */
export interface Overrides {
  attendanceFactor?: number;
  temperatureDeltaC?: number;
  pm25Delta?: number;
  /** Events the attendance factor applies to; all of the organisation's when absent. */
  eventIds?: string[];
}

export interface ForecastPoint {
  ts: string;
  p10: number;
  p50: number;
  p90: number;
  /**
   * Expected arrivals in the hour (the model's distribution mean, not rounded): what sums over
   * hours (72 h totals, the census, staffing, transfers) add up; p50 is for display.
   */
  mean: number;
}

/** One hospital's model inputs on an hourly grid from `start`; the forecast origin is `origin`. */
export interface ScenarioInputs {
  hospital: HospitalInput;
  /** The organisation's hospitals (events' patients are split between them by distance). */
  peers: readonly Place[];
  events: readonly SimEvent[];
  start: number;
  /** Index of the forecast origin (the first forecast hour) in the arrays. */
  origin: number;
  arrivals: ArrayLike<number>;
  environment: EnvironmentSeries;
  /** Hourly day flags (public holidays …) on the same grid, built on the server. */
  days?: DayFlags;
}

/**
 * The history the features of a scenario are built from: temperature and PM2.5 shifted in the
 * forecast hours only (PM2.5 never below 0), event attendance scaled.
 */
export function scenarioHistory(s: ScenarioInputs, overrides: Overrides = {}): HospitalHistory {
  const temperatureC = Float64Array.from(s.environment.temperatureC);
  const pm25 = Float64Array.from(s.environment.pm25);
  for (let i = s.origin; i < temperatureC.length; i++) {
    temperatureC[i] += overrides.temperatureDeltaC ?? 0;
    pm25[i] = Math.max(0, pm25[i] + (overrides.pm25Delta ?? 0));
  }
  return prepareHistory(
    s.hospital,
    s.peers,
    s.events,
    s.start,
    s.arrivals,
    { ...s.environment, temperatureC, pm25 },
    { attendanceFactor: overrides.attendanceFactor, codes: overrides.eventIds },
    s.days ?? {},
  );
}

/**
 * Quantile rows [p10, p50, p90] and the expected arrivals (`mean`, one per row; null for a graph
 * without that output: p50 stands in) from row `first` on → hourly points from `issuedAt`.
 */
export function quantilePoints(
  q: ArrayLike<number>,
  first: number,
  n: number,
  issuedAt: number,
  mean: ArrayLike<number> | null = null,
): ForecastPoint[] {
  // ONNX enforces 0 ≤ p10 ≤ p50 ≤ p90; rounding to 0.01 keeps that order.
  const round = (v: number) => Math.max(0, Math.round(v * 100) / 100);
  // The mean keeps four decimals: a 1-bed post expects a few hundredths of a patient an hour.
  const fine = (v: number) => Number.isFinite(v) ? Math.max(0, Math.round(v * 1e4) / 1e4) : 0;
  return Array.from({ length: n }, (_, k) => {
    const o = (first + k) * 3;
    return {
      ts: new Date(issuedAt + k * HOUR_MS).toISOString(),
      p10: round(q[o]),
      p50: round(q[o + 1]),
      p90: round(q[o + 2]),
      mean: mean ? fine(mean[first + k]) : round(q[o + 1]),
    };
  });
}

/** Expected arrivals over a run of points: the sum of the hours' means (p50 where absent). */
export function expectedArrivals(points: readonly { p50: number; mean?: number | null }[]): number {
  return points.reduce((s, p) => s + (p.mean ?? p.p50), 0);
}

/** JSON form of ScenarioInputs (island props): NaN as null, instants as ISO strings. */
export interface ScenarioJson {
  hospital: HospitalInput;
  peers: Place[];
  events: (Omit<SimEvent, "startsAt" | "endsAt"> & {
    name: string;
    startsAt: string;
    endsAt: string;
  })[];
  start: string;
  origin: number;
  arrivals: (number | null)[];
  environment: Record<keyof EnvironmentSeries, (number | null)[]>;
  days?: Record<string, number[]>;
}

const toJson = (a: ArrayLike<number>) => Array.from(a, (v) => Number.isFinite(v) ? v : null);
const fromJson = (a: (number | null)[]) => Float64Array.from(a, (v) => v ?? NaN);
const envKeys = ["temperatureC", "relativeHumidity", "pm25", "ozone"] as const;

/** Serialises scenario inputs for the browser (`names` gives events their display names). */
export function scenarioToJson(s: ScenarioInputs, names: Map<string, string>): ScenarioJson {
  return {
    hospital: {
      lat: s.hospital.lat,
      lon: s.hospital.lon,
      timezone: s.hospital.timezone,
      climate: s.hospital.climate ?? null,
    },
    peers: s.peers.map((p) => ({ lat: p.lat, lon: p.lon })),
    events: s.events.map((e) => ({
      code: e.code,
      name: names.get(e.code) ?? e.code,
      type: e.type,
      lat: e.lat,
      lon: e.lon,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      expectedAttendance: e.expectedAttendance,
      indoor: e.indoor,
      bounded: e.bounded,
      alcohol: e.alcohol,
      freeWater: e.freeWater,
      // Per day or total: the browser's load model must read attendance as the server does.
      attendanceBasis: e.attendanceBasis,
    })),
    start: new Date(s.start).toISOString(),
    origin: s.origin,
    arrivals: toJson(s.arrivals),
    environment: Object.fromEntries(
      envKeys.map((k) => [k, toJson(s.environment[k])]),
    ) as ScenarioJson["environment"],
    days: Object.fromEntries(Object.entries(s.days ?? {}).map(([k, v]) => [k, Array.from(v)])),
  };
}

/** The inverse of scenarioToJson. */
export function scenarioFromJson(j: ScenarioJson): ScenarioInputs {
  return {
    hospital: j.hospital,
    peers: j.peers,
    events: j.events.map(({ name: _name, ...e }) => ({
      ...e,
      startsAt: new Date(e.startsAt),
      endsAt: new Date(e.endsAt),
    })),
    start: new Date(j.start).getTime(),
    origin: j.origin,
    arrivals: fromJson(j.arrivals),
    environment: {
      temperatureC: fromJson(j.environment.temperatureC),
      relativeHumidity: fromJson(j.environment.relativeHumidity),
      pm25: fromJson(j.environment.pm25),
      ozone: fromJson(j.environment.ozone),
    },
    days: Object.fromEntries(
      Object.entries(j.days ?? {}).map(([k, v]) => [k, Uint8Array.from(v)]),
    ),
  };
}
