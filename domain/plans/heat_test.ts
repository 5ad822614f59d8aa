import { expect } from "expect";
import { heatAgent, heatCategoryOf } from "./heat.ts";
import { calmInput, festival, NOW, withEnvironment } from "../../tests/support/plan_inputs.ts";

Deno.test("heat: NWS category boundaries in °C", () => {
  expect(heatCategoryOf(26.9)).toBeNull();
  expect(heatCategoryOf(27)?.name).toBe("caution");
  expect(heatCategoryOf(32)?.name).toBe("extreme caution");
  expect(heatCategoryOf(39)?.name).toBe("danger");
  expect(heatCategoryOf(51)?.name).toBe("extreme danger");
});

Deno.test("heat: a calm day gives nothing", () => {
  expect(heatAgent(calmInput())).toEqual([]);
});

Deno.test("heat: heat index 40 °C at the hospital gives a danger advisory (high)", () => {
  const recs = heatAgent(withEnvironment(calmInput(), 4, 8, { heatIndexC: 40 }));
  expect(recs).toHaveLength(1);
  expect(recs[0].priority).toBe("high");
  expect(recs[0].title).toBe("Heat danger: heat index up to 40 °C");
  expect(recs[0].rationale).toContain("peaks at 40 °C at Fri 12:00 PDT");
  expect(recs[0].rationale).toContain("alert threshold of 39 °C");
  expect(recs[0].evidence.hoursInCategory).toBe(4);
  expect(recs[0].evidence.settings).toEqual({ heatAlertIndexC: 39 });
  expect(recs[0].hicsRole).toBe("Safety Officer");
});

Deno.test("heat: the event's own conditions give an on-site item; indoor events none", () => {
  const e = festival(30, 12);
  e.conditions = Array.from({ length: 12 }, (_, i) => ({
    ts: new Date(e.startsAt.getTime() + i * 3_600_000),
    heatIndexC: i === 5 ? 43 : 36,
    aqi: 40,
    pm25: 8,
  }));
  const [r] = heatAgent({ ...calmInput(), events: [e] });
  expect(r.key).toBe("heat:event:fest");
  expect(r.priority).toBe("high");
  expect(r.ownerRole).toBe("organizer");
  expect(r.action).toContain("shade");
  expect(r.dueAt!.getTime()).toBe(NOW.getTime() + 6 * 3_600_000); // 24 h before it starts
  expect(heatAgent({ ...calmInput(), events: [{ ...e, indoor: true }] })).toEqual([]);
});

Deno.test("heat: 52 °C is extreme danger (critical)", () => {
  expect(heatAgent(withEnvironment(calmInput(), 4, 5, { heatIndexC: 52 }))[0].priority).toBe(
    "critical",
  );
});
