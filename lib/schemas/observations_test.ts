/**
 * quickObservation, the bulk-upload fast path, accepts nothing the observation schema refuses and
 * yields the schema's values; whatever it declines goes to the schema, which words the error.
 */
import { expect } from "expect";
import fc from "fast-check";
import { observationRecord, quickObservation } from "./observations.ts";

const latest = () => Date.now() + 86_400_000;

Deno.test("quickObservation takes a plain CSV row on the hour, like the schema", () => {
  const input = { hospitalId: "h-1", ts: "2025-04-12T18:00:00Z", edArrivals: 3, bedsAvailable: 0 };
  const quick = quickObservation(input, latest());
  expect(quick).toEqual({
    hospitalId: "h-1",
    ts: "2025-04-12T18:00:00Z",
    tsMs: Date.UTC(2025, 3, 12, 18),
    edArrivals: 3,
    ambulanceArrivals: undefined,
    edOccupancy: undefined,
    bedsAvailable: 0,
  });
  expect(observationRecord.parse(input).ts.getTime()).toBe(quick!.tsMs);
});

Deno.test("quickObservation declines what it does not fully check, the schema decides", () => {
  const base = { hospitalId: "h", edArrivals: 1 };
  for (
    const ts of [
      "2025-04-12T18:00:00+00:00", // an offset: valid, but left to the schema
      "2025-04-12T18:30:00Z", // not on the hour
      "2024-02-30T00:00:00Z", // no such day
      "2100-02-29T00:00:00Z", // 2100 is no leap year
      "1999-12-31T23:00:00Z", // before 2000
      "2025-04-12 18:00:00Z",
    ]
  ) expect(quickObservation({ ...base, ts }, latest())).toBeNull();
  const ts = "2024-02-29T00:00:00Z";
  expect(quickObservation({ ...base, ts }, latest())).not.toBeNull();
  expect(quickObservation({ ...base, ts, extra: 1 }, latest())).toBeNull();
  expect(quickObservation({ ...base, ts, edArrivals: 1.5 }, latest())).toBeNull();
  expect(quickObservation({ ...base, ts, edArrivals: 10_001 }, latest())).toBeNull();
  expect(quickObservation({ ...base, ts, edOccupancy: "3" }, latest())).toBeNull();
  expect(quickObservation({ ...base, ts, hospitalId: "" }, latest())).toBeNull();
  const ahead = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 13) + ":00:00Z";
  expect(quickObservation({ ...base, ts: ahead }, latest())).toBeNull();
});

Deno.test("whatever quickObservation accepts, the schema accepts with the same values", () => {
  const int = (min: number, max: number) =>
    fc.integer({ min, max }).map((v) => String(v).padStart(2, "0"));
  const ts = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(
        fc.oneof(fc.integer({ min: 1995, max: 2030 }), fc.integer({ min: 1890, max: 2210 })),
        int(0, 13),
        int(0, 32),
        int(0, 25),
        fc.constantFrom(
          ":00:00Z",
          ":00:00Z",
          ":00:00.000Z",
          ":00:00.5Z",
          ":30:00Z",
          ":00:00+01:00",
          ":00",
        ),
      ).map(([y, m, d, h, rest]) => `${y}-${m}-${d}T${h}${rest}`),
    },
    { weight: 1, arbitrary: fc.string() },
  );
  const count = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -2, max: 10_002 }) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 2, arbitrary: fc.constantFrom(null, undefined, "3", true, 0, 10_000, -0) },
  );
  const record = fc.record({
    hospitalId: fc.oneof(
      { weight: 6, arbitrary: fc.string({ maxLength: 70 }) },
      { weight: 1, arbitrary: fc.integer() },
    ),
    ts,
    edArrivals: count,
    ambulanceArrivals: count,
    edOccupancy: count,
    bedsAvailable: count,
  }, { requiredKeys: ["hospitalId", "ts", "edArrivals"] }).chain((r) =>
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(r) },
      { weight: 1, arbitrary: fc.anything().map((other) => ({ ...r, other })) },
    )
  );
  let taken = 0;
  fc.assert(
    fc.property(record, (input) => {
      const quick = quickObservation(input, latest());
      if (!quick) return;
      taken++;
      const parsed = observationRecord.safeParse(input);
      expect(parsed.success).toBe(true);
      const r = parsed.data!;
      expect(quick.tsMs).toBe(r.ts.getTime());
      expect(new Date(quick.ts).getTime()).toBe(r.ts.getTime());
      expect({ ...quick, ts: undefined, tsMs: undefined }).toEqual({
        ...r,
        ts: undefined,
        tsMs: undefined,
        ambulanceArrivals: r.ambulanceArrivals,
        edOccupancy: r.edOccupancy,
        bedsAvailable: r.bedsAvailable,
      });
    }),
    { seed: 10, numRuns: 20_000 },
  );
  console.log("taken", taken);
  expect(taken).toBeGreaterThan(50); // the generator does reach the fast path
});
