import { expect } from "expect";
import { ambulancesToStage, emsAgent } from "./ems.ts";
import { planEvent } from "./events.ts";
import { calmInput, NOW } from "../../tests/support/plan_inputs.ts";

const H = 3_600_000;
const hospital = { code: "test-hosp", lat: 33.8, lon: -116.5 };
// A 12 h, 100,000-person outdoor music festival about 5 km east of the hospital.
const festival = {
  code: "fest",
  name: "Big Festival",
  type: "music_festival" as const,
  lat: 33.8,
  lon: -116.446,
  startsAt: new Date(NOW.getTime() + 6 * H),
  endsAt: new Date(NOW.getTime() + 18 * H),
  expectedAttendance: 100_000,
  indoor: false,
  bounded: true,
  alcohol: true,
  freeWater: true,
};

Deno.test("ems: no events, no staging", () => {
  expect(emsAgent(calmInput())).toEqual([]);
});

Deno.test("ems: a 100,000-person festival 5 km away → stage 7 ambulances", () => {
  const e = planEvent(festival, hospital, [hospital])!;
  expect(e.distanceKm).toBeGreaterThan(4.5);
  expect(e.distanceKm).toBeLessThan(5.5);
  // Turris 2018: PPR 16.5, TTHR 0.25 per 1,000 → 1,650 presentations, 25 transfers.
  expect(Math.round(e.onSite)).toBe(1650);
  expect(e.transfers).toBeCloseTo(25, 6);
  // λ = 25 / 12 h = 2.08/h; m = λ × 1.5 h = 3.125; ceil(3.125 + 1.645·√3.125) = ceil(6.03) = 7.
  expect(ambulancesToStage(25, 12)).toBe(7);
  const recs = emsAgent({ ...calmInput(), events: [e] });
  expect(recs).toHaveLength(1);
  expect(recs[0].evidence.ambulances).toBe(7);
  expect(recs[0].priority).toBe("high");
  expect(recs[0].ownerRole).toBe("organizer");
  expect(recs[0].title).toBe("Stage 7 ambulances at Big Festival");
  // Due 2 h before the gates open.
  expect(recs[0].dueAt?.getTime()).toBe(festival.startsAt.getTime() - 2 * H);
});

Deno.test("ems: a small fair with under one expected transfer gives nothing", () => {
  const fair = { ...festival, type: "fair" as const, expectedAttendance: 2_000 };
  const e = planEvent(fair, hospital, [hospital])!;
  expect(e.transfers).toBeLessThan(1);
  expect(emsAgent({ ...calmInput(), events: [e] })).toEqual([]);
});
