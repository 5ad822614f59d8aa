/**
 * Hand-made planning inputs for the agent tests: a 30-bed ED (capacity 6 arrivals/h) on a calm
 * day — forecast well under capacity, heat index 22 °C, AQI 35, no events — that tests modify.
 */
import type { PlanInput } from "../../domain/plans/types.ts";

export const NOW = new Date("2026-07-10T15:00:00Z"); // 08:00 Fri in Los Angeles
const H = 3_600_000;

/** 72 hourly timestamps from NOW. */
export const hours = () => Array.from({ length: 72 }, (_, i) => new Date(NOW.getTime() + i * H));

export function calmInput(): PlanInput {
  return {
    now: NOW,
    hospital: {
      code: "test-hosp",
      name: "Test General",
      edBeds: 30,
      staffBaseline: 20,
      timezone: "America/Los_Angeles",
    },
    capacity: 6,
    forecast: hours().map((ts) => ({ ts, p10: 2, p50: 3, p90: 4.5 })),
    environment: hours().map((ts) => ({ ts, heatIndexC: 22, aqi: 35, pm25: 8 })),
    events: [],
  };
}

/** The calm input with the forecast of hours [from, to) (offsets from NOW) replaced. */
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

/** The calm input with the environment of hours [from, to) changed. */
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
