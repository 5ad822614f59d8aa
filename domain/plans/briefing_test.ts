import { expect } from "expect";
import { concernsEvent, openItems } from "./briefing.ts";

const rec = (status: string, evidence: Record<string, unknown>) => ({ status, evidence });

Deno.test("briefing: only undecided items are open", () => {
  const recs = ["open", "accepted", "dismissed", "done"].map((s) => rec(s, {}));
  expect(openItems(recs).map((r) => r.status)).toEqual(["open"]);
});

Deno.test("briefing: items about an event are those naming it or briefing it", () => {
  expect(concernsEvent(rec("open", { event: "fest", key: "event_medical:fest" }), "fest"))
    .toBe(true);
  expect(concernsEvent(rec("open", { key: "communications:event:fest" }), "fest")).toBe(true);
  expect(concernsEvent(rec("open", { event: "other" }), "fest")).toBe(false);
  expect(concernsEvent(rec("open", { key: "communications:event:fest-2" }), "fest")).toBe(false);
  expect(concernsEvent(rec("open", { key: "heat:2026-07-10" }), "fest")).toBe(false);
});
