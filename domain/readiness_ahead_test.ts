import { expect } from "expect";
import { readinessAhead } from "./readiness_ahead.ts";

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 6, 10, 12);
const hour = (k: number, p50: number, p90: number) => ({
  ts: new Date(t0 + k * HOUR).toISOString(),
  p50,
  p90,
});

Deno.test("readiness ahead: past hours of a stored census never start a level", () => {
  // Strained (median over 10 beds) at 12:00 and 13:00, elevated from 15:00.
  const census = [hour(0, 12, 14), hour(1, 11, 13), hour(2, 8, 9), hour(3, 9, 11), hour(4, 9, 12)];
  // Read at 12:30: strained now.
  expect(readinessAhead(census, 10, 2, t0 + HOUR / 2)).toMatchObject({
    level: "strained",
    from: new Date(t0).toISOString(),
    now: true,
  });
  // Read at 14:05 (the strained hours are past): elevated from 15:00, not strained from 12:00.
  const later = readinessAhead(census, 10, 2, t0 + 2 * HOUR + 5 * 60_000);
  expect(later).toMatchObject({ level: "elevated", from: new Date(t0 + 3 * HOUR).toISOString() });
  expect(later.now).toBe(false);
  expect(later.peak?.p90).toBe(12);
  // Read after the last hour: nothing known ahead.
  expect(readinessAhead(census, 10, 2, t0 + 6 * HOUR).level).toBe("unknown");
});

Deno.test("readiness ahead: a fresh occupancy report decides the current hour", () => {
  const census = [hour(0, 12, 14), hour(1, 11, 13), hour(2, 8, 9)];
  const at12 = t0 + 20 * 60_000;
  // 6 patients reported at 11:00 (fresh): 12:00 is within the beds; strained from 13:00.
  expect(
    readinessAhead(census, 10, 2, at12, { occupancy: 6, at: new Date(t0 - HOUR) }),
  ).toMatchObject({ level: "strained", from: new Date(t0 + HOUR).toISOString(), now: false });
  // A report three hours old is not "now": the forecast decides.
  expect(
    readinessAhead(census, 10, 2, at12, { occupancy: 6, at: new Date(t0 - 3 * HOUR) }).now,
  ).toBe(true);
});
