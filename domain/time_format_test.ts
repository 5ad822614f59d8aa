import { expect } from "expect";
import {
  formatDateTime,
  formatHour,
  formatSpan,
  formatTime,
  localDay,
  localHour,
  zoneAbbreviation,
  zonedMidnight,
} from "./time_format.ts";

const summer = new Date("2026-07-10T21:00:00Z");
const winter = new Date("2026-01-10T21:00:00Z");

Deno.test("times: one 24-hour format with the zone's abbreviation, summer and winter", () => {
  expect(formatTime(summer, "America/Los_Angeles")).toBe("Fri 10 Jul, 14:00 PDT");
  expect(formatTime(winter, "America/Los_Angeles")).toBe("Sat 10 Jan, 13:00 PST");
  expect(formatTime(summer, "Europe/London")).toBe("Fri 10 Jul, 22:00 BST");
  expect(formatTime(summer, "Europe/Berlin")).toBe("Fri 10 Jul, 23:00 CEST");
  expect(formatTime(summer, "UTC")).toBe("Fri 10 Jul, 21:00 UTC");
  expect(zoneAbbreviation(summer, "Australia/Sydney")).toBe("AEST");
  expect(formatDateTime(summer, "America/New_York")).toBe("Fri 10 Jul 2026, 17:00 EDT");
  expect(formatHour(summer, "America/Los_Angeles")).toBe("Fri 14:00 PDT");
});

Deno.test("times: spans, local days and hours follow the zone", () => {
  expect(formatSpan(summer, new Date(summer.getTime() + 4 * 3_600_000), "America/Los_Angeles"))
    .toBe("Fri 14:00–18:00 PDT");
  expect(formatSpan(summer, new Date(summer.getTime() + 12 * 3_600_000), "America/Los_Angeles"))
    .toBe("Fri 14:00–Sat 02:00 PDT");
  expect(localDay(summer, "Asia/Tokyo")).toBe("2026-07-11");
  expect(localHour(summer, "America/Los_Angeles")).toBe(14);
  expect(localHour(summer, "Asia/Kolkata")).toBe(2);
});

Deno.test("times: local midnight of a day in a zone, across DST", () => {
  expect(zonedMidnight("2026-07-10", "America/Los_Angeles").toISOString()).toBe(
    "2026-07-10T07:00:00.000Z",
  );
  expect(zonedMidnight("2026-01-10", "America/Los_Angeles").toISOString()).toBe(
    "2026-01-10T08:00:00.000Z",
  );
  expect(zonedMidnight("2026-07-10", "Asia/Kolkata").toISOString()).toBe(
    "2026-07-09T18:30:00.000Z",
  );
});
