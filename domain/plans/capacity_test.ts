import { expect } from "expect";
import { capacityAgent, surgeBedsFor } from "./capacity.ts";
import { calmInput, withCensus } from "../../tests/support/plan_inputs.ts";

Deno.test("capacity: a calm census (p90 19 of 24 beds) gives nothing", () => {
  expect(capacityAgent(calmInput())).toEqual([]);
});

Deno.test("capacity: p90 over beds only → prepare surge (medium), tied to those hours", () => {
  // Hours 6–10 from 08:00 Fri local: 14:00–18:00 PDT with p90 26, median 20.
  const [r, ...rest] = capacityAgent(withCensus(calmInput(), 6, 10, { p10: 15, p50: 20, p90: 26 }));
  expect(rest).toEqual([]);
  expect(r.agent).toBe("capacity");
  expect(r.priority).toBe("medium");
  expect(r.evidence.level).toBe("elevated");
  expect(r.evidence.surgeBeds).toBe(2);
  expect(r.evidence.runHours).toBe(4);
  expect(r.title).toBe("Prepare 2 surge beds for Fri 14:00–18:00 PDT");
  expect(r.evidence.settings).toMatchObject({ maxSurgeShare: 0.2, lengthOfStayHours: 4.5 });
  // Due 4 h before the first hour (HHS ASPR: 20 % of beds within 4 h).
  expect(r.dueAt?.toISOString()).toBe("2026-07-10T17:00:00.000Z");
});

Deno.test("capacity: median over beds → open surge beds (high), never more than 20 % of beds", () => {
  const [r] = capacityAgent(withCensus(calmInput(), 6, 12, { p10: 22, p50: 26, p90: 40 }));
  expect(r.priority).toBe("high");
  expect(r.evidence.level).toBe("strained");
  // p90 40 − 24 beds = 16, capped at floor(24 × 0.2) = 4.
  expect(r.evidence.surgeBeds).toBe(4);
  expect(r.evidence.maxSurgeBeds).toBe(4);
  expect(surgeBedsFor(40, 24, 4)).toBe(4);
  expect(r.title).toBe("Open 4 surge beds for Fri 14:00–20:00 PDT");
});

Deno.test("capacity: median beyond beds + surge → diversion (critical)", () => {
  const [r] = capacityAgent(withCensus(calmInput(), 6, 12, { p10: 25, p50: 30, p90: 38 }));
  expect(r.priority).toBe("critical");
  expect(r.evidence.diversion).toBe(true);
  expect(r.action).toContain("diversion");
  expect(r.evidence.surgeBeds).toBe(4);
});

Deno.test("capacity: the configured maximum surge is used", () => {
  const input = withCensus(calmInput(), 6, 12, { p10: 22, p50: 26, p90: 40 });
  const [r] = capacityAgent({ ...input, settings: { ...input.settings, maxSurgeShare: 0.1 } });
  expect(r.evidence.surgeBeds).toBe(2);
  expect(r.evidence.settings).toMatchObject({ maxSurgeShare: 0.1 });
});
