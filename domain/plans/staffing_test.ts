import { expect } from "expect";
import { nursesFor, rosterNurses, shiftsOf, staffingAgent } from "./staffing.ts";
import { calmInput, hours, withCensus, withLoad } from "../../tests/support/plan_inputs.ts";

Deno.test("staffing: shifts 07–19 and 19–07 in local time; the first began before the forecast", () => {
  const shifts = shiftsOf(hours().map((ts) => ({ ts })), "America/Los_Angeles", [7, 19]);
  // 08:00 Fri local → the day shift began at 07:00 (14:00Z).
  expect(shifts[0].start.toISOString()).toBe("2026-07-10T14:00:00.000Z");
  expect(shifts[0].hours).toHaveLength(11);
  expect(shifts[1].start.toISOString()).toBe("2026-07-11T02:00:00.000Z");
  expect(shifts[1].hours).toHaveLength(12);
});

Deno.test("staffing: a calm census needs no more than the roster", () => {
  // p90 19 at 1:4 → 5 nurses; 6 on the roster.
  expect(nursesFor(19, 28, 4)).toBe(5);
  expect(staffingAgent(calmInput())).toEqual([]);
});

Deno.test("staffing: nurses per shift from the census p90 ÷ ratio minus the roster", () => {
  const input = withLoad(
    withCensus(calmInput(), 6, 10, { p10: 20, p50: 25, p90: 31 }),
    6,
    10,
    { p10: 6, p50: 9, p90: 12 },
  );
  const [r, ...rest] = staffingAgent(input);
  expect(rest).toEqual([]);
  // p90 31 capped at 24 + 4 surge = 28 → 7 nurses at 1:4; 6 on the roster → 1 more.
  expect(r.evidence.nursesNeeded).toBe(7);
  expect(r.evidence.extraNurses).toBe(1);
  expect(r.priority).toBe("high"); // the shift's census median exceeds the beds: strained
  expect(r.title).toBe("Call in 1 reserve nurse for the Fri 07:00–19:00 PDT shift");
  // The median (25 → 7 nurses) already needs the call-in; the p90 needs no one more on call.
  expect(r.evidence).toMatchObject({ callIn: 1, onCall: 0 });
  // 12 arrivals/h at p90 ÷ 2.5 per physician-hour → 5 physicians at the busiest hour.
  expect(r.evidence.physiciansAtPeak).toBe(5);
  expect(r.evidence.settings).toMatchObject({ patientsPerNurse: 4, shiftStartHours: [7, 19] });
  expect(r.key).toBe("staffing:2026-07-10:7");
});

Deno.test("staffing: the ratio and shifts are the organisation's settings", () => {
  const base = withCensus(calmInput(), 6, 10, { p10: 15, p50: 20, p90: 26 });
  const input = {
    ...base,
    settings: { ...base.settings, patientsPerNurse: 3, shiftStartHours: [7, 15, 23] },
  };
  const recs = staffingAgent(input);
  // 26 at 1:3 → 9 nurses vs 6 on the roster; also the calm shifts: 19 → 7 > 6.
  const day = recs.find((r) => r.evidence.peakCensusP90 === 26)!;
  expect(day.evidence.nursesNeeded).toBe(9);
  // Median 20 at 1:3 → 7: call in 1; p90 26 → 9: 2 more on call.
  expect(day.evidence).toMatchObject({ callIn: 1, onCall: 2, extraNurses: 3 });
  expect(day.priority).toBe("medium"); // elevated only: p90 over the beds, median not
  expect(day.title).toBe(
    "Call in 1 reserve nurse for the Fri 07:00–15:00 PDT shift and keep 2 nurses on call",
  );
  // Calm shifts: the median (14 → 5) is covered; p90 19 → 7 nurses: one on call, low.
  const calm = recs.find((r) => r.evidence.peakCensusP90 === 19)!;
  expect(calm.priority).toBe("low");
  expect(calm.title).toMatch(/^Keep 1 nurse on call for the /);
  expect(recs.every((r) => r.priority !== "high" && r.priority !== "critical")).toBe(true);
  expect(rosterNurses({ edBeds: 24, staffBaseline: 0 }, 4)).toBe(6);
});
