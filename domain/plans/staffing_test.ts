import { expect } from "expect";
import {
  expectedArrivals,
  nursesFor,
  rosterNurses,
  type ShiftRow,
  shiftsOf,
  staffingAgent,
} from "./staffing.ts";
import { calmInput, hours, withCensus, withLoad } from "../../tests/support/plan_inputs.ts";

const rowsOf = (r: { evidence: Record<string, unknown> }) => r.evidence.shifts as ShiftRow[];

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
  expect(nursesFor(19, 4)).toBe(5);
  expect(staffingAgent(calmInput())).toEqual([]);
});

Deno.test("staffing: one item with a per-shift table; nurses from the census present", () => {
  const input = withLoad(
    withCensus(calmInput(), 6, 10, { p10: 20, p50: 25, p90: 31 }),
    6,
    10,
    { p10: 6, p50: 9, p90: 12 },
  );
  const recs = staffingAgent(input);
  expect(recs).toHaveLength(1);
  const [r] = recs;
  expect(r.key).toBe("staffing");
  // Every shift of the 72 h is in the table: Fri day (under way) to Mon day (its first hour).
  const rows = rowsOf(r);
  expect(rows.map((x) => x.span)).toEqual([
    "Fri 07:00–19:00 PDT",
    "Fri 19:00–Sat 07:00 PDT",
    "Sat 07:00–19:00 PDT",
    "Sat 19:00–Sun 07:00 PDT",
    "Sun 07:00–19:00 PDT",
    "Sun 19:00–Mon 07:00 PDT",
    "Mon 07:00–19:00 PDT",
  ]);
  const day = rows[0];
  // p90 31 at 1:4 → 8 nurses (no cap at beds + surge = 28); median 25 → 7: call in 1, 1 on call.
  expect(day).toMatchObject({ nursesNeeded: 8, nursesForMedian: 7, callIn: 1, onCall: 1 });
  expect(day).toMatchObject({ underWay: true, hoursLeft: 11, halfOver: false });
  expect(r.priority).toBe("high"); // the shift's census median exceeds the beds: strained
  expect(r.title).toBe(
    "Call in up to 1 reserve nurse: 1 of the next 7 shifts short (first Fri 07:00–19:00 PDT)",
  );
  expect(r.action).toContain("Fri 07:00–19:00 PDT: call in 1, 1 on call → 7 nurses");
  expect(r.action).toContain("(under way, 11 h left)");
  // Physicians from the expected arrivals (no mean in this forecast → median 9/h) ÷ 2.5 → 4,
  // not from the p90 (12/h → 5).
  expect(day.physiciansAtPeak).toBe(4);
  expect(r.evidence.arrivalsBasis).toBe("forecast median (no mean in this forecast)");
  expect(r.evidence.settings).toMatchObject({ patientsPerNurse: 4, shiftStartHours: [7, 19] });
});

Deno.test("staffing: physicians from the forecast's mean where it has one", () => {
  const base = withCensus(calmInput(), 6, 10, { p10: 20, p50: 25, p90: 31 });
  const input = {
    ...base,
    forecast: base.forecast.map((p, i) => ({
      ...p,
      p50: 9,
      p90: 14,
      mean: i >= 6 && i < 10 ? 11 : 3,
    })),
  };
  const [r] = staffingAgent(input);
  expect(rowsOf(r)[0].physiciansAtPeak).toBe(5); // 11 ÷ 2.5 → 5
  expect(rowsOf(r)[0].peakArrivalsMean).toBe(11);
  expect(r.evidence.arrivalsBasis).toBe("forecast mean");
  expect(expectedArrivals({ ts: new Date(0), p10: 0, p50: 0, p90: 1 })).toBe(0);
  expect(expectedArrivals({ ts: new Date(0), p10: 0, p50: 0, p90: 1, mean: 0.4 } as never)).toBe(
    0.4,
  );
});

Deno.test("staffing: a median of 62 on 40 beds is staffed for 62 and flagged beyond surge", () => {
  const base = calmInput();
  const big = {
    ...base,
    hospital: { ...base.hospital, edBeds: 40, staffBaseline: 10 },
  };
  const input = withCensus(big, 14, 24, { p10: 55, p50: 62, p90: 70 });
  const [r] = staffingAgent(input);
  const row = rowsOf(r).find((x) => x.peakCensusP50 === 62)!;
  // 40 beds + 8 surge = 48; the old rule staffed for 48 (12 nurses). 62 ÷ 4 → 16.
  expect(row.nursesForMedian).toBe(16);
  expect(row.callIn).toBe(6);
  expect(row.beyondSurge).toBe(14);
  expect(r.evidence.beyondSurge).toBe(14);
  expect(r.title).toMatch(/patients beyond surge$/);
  expect(r.action).toContain("14 patients beyond surge");
  expect(r.action).toContain("diversion turns away ambulances, not walk-ins or boarders");
  expect(r.priority).toBe("critical");
});

Deno.test("staffing: a shift more than half over says so", () => {
  const base = withCensus(calmInput(), 0, 4, { p10: 20, p50: 25, p90: 31 });
  // Now 14:00 local: the 07–19 shift is 7 of 12 hours in.
  const input = { ...base, now: new Date(base.now.getTime() + 6 * 3_600_000) };
  const [r] = staffingAgent(input);
  expect(rowsOf(r)[0]).toMatchObject({ underWay: true, halfOver: true, hoursLeft: 5 });
  expect(r.action).toContain("(more than half over, 5 h left: only what can still arrive in time)");
});

Deno.test("staffing: the ratio and shifts are the organisation's settings", () => {
  const base = withCensus(calmInput(), 6, 10, { p10: 15, p50: 20, p90: 26 });
  const input = {
    ...base,
    settings: { ...base.settings, patientsPerNurse: 3, shiftStartHours: [7, 15, 23] },
  };
  const [r, ...rest] = staffingAgent(input);
  expect(rest).toEqual([]);
  const rows = rowsOf(r);
  expect(rows[0].span).toBe("Fri 07:00–15:00 PDT");
  // Median 20 at 1:3 → 7: call in 1; p90 26 → 9: 2 more on call.
  expect(rows[0]).toMatchObject({ nursesNeeded: 9, callIn: 1, onCall: 2 });
  expect(r.priority).toBe("medium"); // elevated only: p90 over the beds, median not
  // Calm shifts: the median (14 → 5) is covered; p90 19 → 7 nurses: one on call.
  expect(rows.find((x) => x.peakCensusP90 === 19)).toMatchObject({ callIn: 0, onCall: 1 });
  expect(rosterNurses({ edBeds: 24, staffBaseline: 0 }, 4)).toBe(6);
});
