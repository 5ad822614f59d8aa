import { expect } from "expect";
import { arrivalsLimit, implausibleFields, presentLimit } from "./plausibility.ts";

Deno.test("plausibility: 10,000 patients in a 20-bed ED is refused, a busy surge is not", () => {
  const ed = { edBeds: 20, usualPeakArrivals: 4 };
  const bad = implausibleFields({ edArrivals: 3, edOccupancy: 10_000 }, ed);
  expect(bad.map((b) => b.field)).toEqual(["edOccupancy"]);
  expect(bad[0].message).toContain("at most 100: 5 × 20 staffed ED beds");
  // Three times the beds in a surge (corridors, boarders) and 15× the usual peak pass.
  expect(implausibleFields({ edArrivals: 60, edOccupancy: 60 }, ed)).toEqual([]);
  expect(implausibleFields({ edArrivals: 81, edOccupancy: 10 }, ed).map((b) => b.field))
    .toEqual(["edArrivals"]);
});

Deno.test("plausibility: arrivals against the usual peak, or an absolute bound without history", () => {
  expect(arrivalsLimit({ edBeds: 20, usualPeakArrivals: 4 }).limit).toBe(80);
  expect(arrivalsLimit({ edBeds: 20, usualPeakArrivals: null }).limit).toBe(400);
  expect(arrivalsLimit({ edBeds: 1, usualPeakArrivals: null }).limit).toBe(100);
  // A post whose usual peak is 0 still may see 20 in an hour.
  expect(arrivalsLimit({ edBeds: 1, usualPeakArrivals: 0 }).limit).toBe(20);
  expect(presentLimit(1)).toBe(20);
  expect(presentLimit(80)).toBe(400);
  expect(implausibleFields({ edArrivals: 10_000 }, { edBeds: 20, usualPeakArrivals: null })[0])
    .toMatchObject({ field: "edArrivals" });
  expect(
    implausibleFields({ edArrivals: 0, bedsAvailable: 101 }, { edBeds: 20, usualPeakArrivals: 3 }),
  )
    .toHaveLength(1);
});
