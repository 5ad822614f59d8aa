/**
 * Hand-made planning inputs for the agent tests: a 24-bed ED (6 nurses per shift on the roster)
 * on a calm day — census well under the beds (median 14, p90 19), 3 arrivals/h, heat index 22 °C,
 * AQI 35, no events — that tests modify. Readiness is recomputed from the census as the server
 * does (domain/readiness.ts).
 */
import type { PlanEvent, PlanInput } from "../../domain/plans/types.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { readinessOf } from "../../domain/readiness.ts";

export const NOW = new Date("2026-07-10T15:00:00Z"); // 08:00 Fri in Los Angeles
const H = 3_600_000;

/** 72 hourly timestamps from NOW. */
export const hours = () => Array.from({ length: 72 }, (_, i) => new Date(NOW.getTime() + i * H));

/** The input with readiness recomputed from its census (what services/situation.ts does). */
export function settled(input: PlanInput): PlanInput {
  const census = input.census.map((c) => ({ ...c, ts: c.ts.toISOString(), mean: c.p50 }));
  return { ...input, readiness: readinessOf(census, input.hospital.edBeds, input.settings) };
}

export function calmInput(): PlanInput {
  return settled({
    now: NOW,
    hospital: {
      code: "test-hosp",
      name: "Test General",
      edBeds: 24,
      staffBaseline: 6,
      timezone: "America/Los_Angeles",
    },
    settings: { ...DEFAULT_SETTINGS, timezone: "America/Los_Angeles" },
    forecast: hours().map((ts) => ({ ts, p10: 2, p50: 3, p90: 4.5 })),
    census: hours().map((ts) => ({ ts, p10: 10, p50: 14, p90: 19 })),
    censusModel: null,
    readiness: readinessOf([], 24, DEFAULT_SETTINGS),
    environment: hours().map((ts) => ({ ts, heatIndexC: 22, aqi: 35, pm25: 8 })),
    events: [],
  });
}

/** The input with the census of hours [from, to) (offsets from NOW) replaced. */
export function withCensus(
  input: PlanInput,
  from: number,
  to: number,
  c: { p10: number; p50: number; p90: number },
): PlanInput {
  return settled({
    ...input,
    census: input.census.map((x, i) => (i >= from && i < to ? { ...x, ...c } : x)),
  });
}

/** The input with the arrivals forecast of hours [from, to) replaced. */
export function withLoad(
  input: PlanInput,
  from: number,
  to: number,
  p: { p10: number; p50: number; p90: number },
): PlanInput {
  return {
    ...input,
    forecast: input.forecast.map((x, i) => (i >= from && i < to ? { ...x, ...p } : x)),
  };
}

/** The input with the environment of hours [from, to) changed. */
export function withEnvironment(
  input: PlanInput,
  from: number,
  to: number,
  e: { heatIndexC?: number; aqi?: number; pm25?: number },
): PlanInput {
  return {
    ...input,
    environment: input.environment.map((x, i) => (i >= from && i < to ? { ...x, ...e } : x)),
  };
}

/**
 * A 100,000-person music festival 5 km away from hour `from` for `hours` hours, this hospital
 * receiving all of its transfers unless `receiving` says otherwise.
 */
export function festival(
  from: number,
  hours: number,
  over: Partial<PlanEvent> = {},
): PlanEvent {
  const startsAt = new Date(NOW.getTime() + from * H);
  const endsAt = new Date(startsAt.getTime() + hours * H);
  return {
    code: "fest",
    name: "Test Festival",
    type: "music_festival",
    startsAt,
    endsAt,
    expectedAttendance: 100_000,
    dailyAttendance: 100_000,
    attendanceBasis: "total",
    alcohol: true,
    indoor: false,
    distanceKm: 5,
    share: 1,
    onSite: 1650,
    pprUsed: 16.5,
    transfers: 25,
    transfersHere: 25,
    toEdHere: 50,
    conditions: [],
    receiving: [{
      code: "test-hosp",
      name: "Test General",
      share: 1,
      proposedShare: 1,
      level: "normal",
    }],
    ...over,
  };
}
