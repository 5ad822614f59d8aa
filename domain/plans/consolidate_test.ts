import { expect } from "expect";
import { runAgents } from "./run.ts";
import { capHigh, MAX_HIGH_ITEMS, mergeDays, onceForOrganisation } from "./consolidate.ts";
import type { RecommendationDraft } from "./types.ts";
import {
  calmInput,
  festival,
  withCensus,
  withEnvironment,
} from "../../tests/support/plan_inputs.ts";

/** Three days of heat index 44 °C (NWS "danger") from 10:00 to 20:00, AQI 160 all along. */
function heatWave() {
  let input = { ...calmInput(), events: [festival(30, 12)] };
  for (const day of [0, 24, 48]) {
    input = withEnvironment(input, day + 2, day + 12, { heatIndexC: 44, aqi: 160 });
  }
  return withCensus(input, 30, 40, { p10: 22, p50: 26, p90: 33 });
}

Deno.test("fewer items: a heat wave gives one item per condition and at most a few high", () => {
  const recs = runAgents(heatWave());
  const keys = recs.map((r) => r.key);
  expect(new Set(keys).size).toBe(keys.length);
  // One heat item for the hospital over the three days, the days named in it.
  const heat = recs.filter((r) => r.agent === "heat" && r.evidence.where === "hospital");
  expect(heat).toHaveLength(1);
  expect(heat[0].key).toBe("heat");
  expect(heat[0].title).toMatch(/\(Fri, Sat, Sun\)$/);
  expect((heat[0].evidence.days as unknown[]).length).toBe(3);
  expect(recs.filter((r) => r.agent === "air_quality" && r.evidence.where === "hospital"))
    .toHaveLength(1);
  const high = recs.filter((r) => r.priority === "high");
  expect(high.length).toBeLessThanOrEqual(MAX_HIGH_ITEMS);
  // The rest say they were grouped; capacity keeps the readiness level's priority.
  const grouped = recs.filter((r) => r.evidence.grouped);
  expect(grouped.length).toBeGreaterThan(0);
  for (const g of grouped) expect(g.rationale).toContain("Grouped with the follow-up items");
  expect(recs.filter((r) => r.agent === "capacity").every((r) => r.priority === "high"))
    .toBe(true);
  expect(recs.length).toBeLessThan(16);
});

const draft = (key: string, priority: RecommendationDraft["priority"], orgWide = false) =>
  ({
    agent: "communications",
    key,
    priority,
    title: `t ${key}`,
    action: "a",
    rationale: "r",
    evidence: { orgWide, settings: {} },
    ownerRole: "coordinator",
    hicsRole: "Public Information Officer",
    dueAt: null,
  }) as unknown as RecommendationDraft;

Deno.test("fewer items: the same public message for three hospitals of one city is kept once", () => {
  const plans = ["A", "B", "C"].map((name, i) => ({
    hospital: { name },
    drafts: [
      draft("communications:air_quality", i === 1 ? "high" : "medium", true),
      draft("communications:capacity", "high"),
    ],
  }));
  const out = onceForOrganisation(plans);
  const aq = out.flatMap((p) => p.drafts.filter((d) => d.key === "communications:air_quality"));
  expect(aq).toHaveLength(1);
  // Kept where it is most severe, naming all three.
  expect(out[1].drafts.map((d) => d.key)).toContain("communications:air_quality");
  expect(aq[0].evidence.hospitals).toEqual(["A", "B", "C"]);
  expect(aq[0].title).toBe("t communications:air_quality — once for 3 hospitals");
  // Per-hospital items stay in every plan.
  for (const p of out) expect(p.drafts.map((d) => d.key)).toContain("communications:capacity");
});

Deno.test("fewer items: days merge under the most severe; critical items are never grouped", () => {
  const merged = mergeDays([
    { ...draft("heat:2026-07-10", "medium"), agent: "heat" },
    { ...draft("heat:2026-07-11", "high"), agent: "heat" },
  ]);
  expect(merged).toHaveLength(1);
  expect(merged[0]).toMatchObject({ key: "heat", priority: "high" });
  expect(merged[0].title).toBe("t heat:2026-07-11 (Fri, Sat)");
  expect(merged[0].action).toContain("Other days — Fri: t heat:2026-07-10");
  const many = capHigh([
    { ...draft("x1", "critical"), agent: "heat" },
    ...["a", "b", "c", "d", "e"].map((k) => ({ ...draft(k, "high"), agent: "supplies" as const })),
  ]);
  expect(many.filter((d) => d.priority === "critical")).toHaveLength(1);
  expect(many.filter((d) => d.priority === "high")).toHaveLength(MAX_HIGH_ITEMS);
});
