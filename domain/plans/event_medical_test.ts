import { expect } from "expect";
import { ambulancesToStage, eventMedicalAgent } from "./event_medical.ts";
import { receivingHospitals } from "./events.ts";
import { calmInput, festival } from "../../tests/support/plan_inputs.ts";

Deno.test("event medical: ambulances from transfers and the configured cycle", () => {
  // 25 transfers over 12 h = 2.08/h × 1.5 h = 3.13 busy units + 1.645·√3.13 = 6.03 → 7.
  expect(ambulancesToStage(25, 12, 1.5)).toBe(7);
  // A 3 h cycle: 6.25 + 4.11 → 11.
  expect(ambulancesToStage(25, 12, 3)).toBe(11);
  const [r] = eventMedicalAgent({ ...calmInput(), events: [festival(30, 12)] });
  expect(r.agent).toBe("event_medical");
  expect(r.evidence.ambulances).toBe(7);
  expect(r.evidence.onSitePresentations).toBe(1650);
  expect(r.evidence.pprUsed).toBe(16.5);
  expect(r.evidence.settings).toEqual({ ambulanceCycleHours: 1.5 });
  expect(r.action).toContain("Receiving hospitals for transfers: Test General 100 %");
});

Deno.test("conflict resolution: a hospital over capacity is not proposed as receiving", () => {
  const peers = [
    { code: "near", name: "Near", lat: 33.7, lon: -116.2, levelDuring: "strained" as const },
    { code: "far", name: "Far", lat: 33.8, lon: -116.4, levelDuring: "normal" as const },
  ];
  const list = receivingHospitals({ lat: 33.7, lon: -116.21 }, peers);
  const near = list.find((r) => r.code === "near")!, far = list.find((r) => r.code === "far")!;
  expect(near.share).toBeGreaterThan(far.share);
  expect(near.proposedShare).toBe(0);
  expect(far.proposedShare).toBe(1);
  // Everyone over capacity: distance shares stand (the plan asks for mutual aid).
  const all = receivingHospitals(
    { lat: 33.7, lon: -116.21 },
    peers.map((p) => ({ ...p, levelDuring: "critical" as const })),
  );
  expect(all.every((r) => r.proposedShare === r.share)).toBe(true);
});

Deno.test("event medical: the over-capacity hospital's item routes transfers elsewhere", () => {
  const e = festival(30, 12, {
    receiving: [
      { code: "test-hosp", name: "Test General", share: 0.7, proposedShare: 0, level: "strained" },
      { code: "other", name: "Other Medical", share: 0.3, proposedShare: 1, level: "normal" },
    ],
  });
  const [r] = eventMedicalAgent({ ...calmInput(), events: [e] });
  expect(r.title).toBe("Route Test Festival's transfers away from Test General (over capacity)");
  expect(r.action).toContain("take transfers to Other Medical 100 % instead");
  expect(r.action).not.toMatch(/Receiving hospitals for transfers: Test General/);
  expect(r.priority).toBe("high");
});
