import { expect } from "expect";
import { runAgents } from "./run.ts";
import {
  calmInput,
  festival,
  withCensus,
  withEnvironment,
} from "../../tests/support/plan_inputs.ts";

Deno.test("communications: nothing to announce on a calm day", () => {
  expect(runAgents(calmInput())).toEqual([]);
});

Deno.test("communications: who tells whom, by which channel, by when — at the situation's priority", () => {
  const input = withEnvironment(
    withCensus({ ...calmInput(), events: [festival(30, 12)] }, 30, 40, {
      p10: 22,
      p50: 26,
      p90: 33,
    }),
    30,
    38,
    { heatIndexC: 41 },
  );
  const recs = runAgents(input);
  const comms = recs.filter((r) => r.agent === "communications");
  const capacity = comms.find((r) => r.key.startsWith("communications:capacity"))!;
  expect(capacity.priority).toBe("high"); // strained, like the capacity item and readiness
  expect(input.readiness.level).toBe("strained");
  const steps = capacity.evidence.steps as { who: string; whom: string; channel: string }[];
  expect(steps.map((s) => s.who)).toEqual([
    "Liaison Officer",
    "Operations Section Chief",
    "Incident Commander",
  ]);
  expect(steps[0].whom).toContain("EMS");
  expect(capacity.action).toContain("advisory");
  // One announcement per condition (its days folded in); beyond the few "high" items of a
  // hospital it is grouped as medium, saying so (domain/plans/consolidate.ts).
  const heat = comms.find((r) => r.key === "communications:heat")!;
  expect(heat.evidence.orgWide).toBe(true);
  expect(heat.priority === "high" || heat.evidence.priorityBeforeGrouping === "high").toBe(true);
  expect(recs.filter((r) => r.priority === "high").length).toBeLessThanOrEqual(
    3 +
      recs.filter((r) =>
        r.agent === "capacity" || r.agent === "staffing" ||
        r.key.startsWith("communications:capacity")
      ).length,
  );
  expect((heat.evidence.steps as { who: string }[])[0].who).toBe("Public Information Officer");
  expect(comms.some((r) => r.key === "communications:event:fest")).toBe(true);
  // Capacity items carry the readiness level's priority: never above or below it.
  for (const r of recs.filter((x) => x.agent === "capacity")) expect(r.priority).toBe("high");
});
