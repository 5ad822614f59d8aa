import { expect } from "expect";
import {
  overallUsAqi,
  ozoneUgm3ToPpb,
  usAqiFromOzonePpb8h,
  usAqiFromPm10,
  usAqiFromPm25,
} from "./aqi.ts";

Deno.test("usAqiFromPm25 matches the DOMAIN.md check values (2024 table)", () => {
  const checks: [pm25: number, aqi: number][] = [
    [5, 28],
    [9.0, 50],
    [12.0, 56],
    [35.4, 100],
    [100, 182],
    [200, 275],
  ];
  for (const [c, aqi] of checks) expect([c, usAqiFromPm25(c)]).toEqual([c, aqi]);
});

Deno.test("usAqiFromPm25 truncates to 0.1 before looking up the breakpoint", () => {
  expect(usAqiFromPm25(9.09)).toBe(50);
  expect(usAqiFromPm25(9.1)).toBe(51);
  expect(usAqiFromPm25(0)).toBe(0);
  expect(usAqiFromPm25(-2)).toBe(0);
  expect(usAqiFromPm25(1000)).toBe(500);
});

Deno.test("usAqiFromPm10 uses the 2024 breakpoints", () => {
  expect(usAqiFromPm10(54)).toBe(50);
  expect(usAqiFromPm10(54.9)).toBe(50);
  expect(usAqiFromPm10(55)).toBe(51);
  expect(usAqiFromPm10(154)).toBe(100);
  expect(usAqiFromPm10(254)).toBe(150);
  expect(usAqiFromPm10(604)).toBe(500);
});

Deno.test("usAqiFromOzonePpb8h uses the 8-hour table", () => {
  expect(usAqiFromOzonePpb8h(54)).toBe(50);
  expect(usAqiFromOzonePpb8h(70)).toBe(100);
  expect(usAqiFromOzonePpb8h(70.9)).toBe(100);
  expect(usAqiFromOzonePpb8h(71)).toBe(101);
  expect(usAqiFromOzonePpb8h(105)).toBe(200);
  expect(usAqiFromOzonePpb8h(250)).toBe(300);
});

Deno.test("overallUsAqi is the maximum over pollutants", () => {
  expect(overallUsAqi({ pm25: 12, pm10: 30, ozonePpb8h: 60 })).toBe(
    Math.max(56, usAqiFromPm10(30), usAqiFromOzonePpb8h(60)),
  );
  expect(overallUsAqi({})).toBeNull();
  expect(() => usAqiFromPm25(NaN)).toThrow(RangeError);
  expect(ozoneUgm3ToPpb(196)).toBeCloseTo(100, 6);
});
