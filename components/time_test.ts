import { expect } from "expect";
import { instantToWallTime, wallTimeToInstant } from "./time.ts";

Deno.test("wall-clock times in a zone round-trip to instants, across DST", () => {
  const tz = "America/Los_Angeles";
  expect(wallTimeToInstant("2025-04-12T18:00", tz)!.toISOString()).toBe("2025-04-13T01:00:00.000Z");
  expect(wallTimeToInstant("2025-01-12T18:00", tz)!.toISOString()).toBe("2025-01-13T02:00:00.000Z");
  expect(wallTimeToInstant("2025-06-01T12:30", "Europe/London")!.toISOString()).toBe(
    "2025-06-01T11:30:00.000Z",
  );
  expect(wallTimeToInstant("2025-06-01T12:30", "UTC")!.toISOString()).toBe(
    "2025-06-01T12:30:00.000Z",
  );
  expect(wallTimeToInstant("12/04/2025", tz)).toBeNull();
  for (const iso of ["2025-03-09T10:00:00Z", "2025-11-02T08:30:00Z", "2025-07-04T00:00:00Z"]) {
    expect(wallTimeToInstant(instantToWallTime(iso, tz), tz)!.toISOString()).toBe(
      new Date(iso).toISOString(),
    );
  }
});
