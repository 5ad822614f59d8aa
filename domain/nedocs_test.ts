import { expect } from "expect";
import {
  formatNedocs,
  nedocsBand,
  nedocsInputs,
  nedocsScore,
  nedocsWithProjection,
} from "./nedocs.ts";
import { latestEdStatus, nedocsOf, readinessWords } from "./ed_status.ts";
import { levelLabels } from "./readiness.ts";

const assertEquals = (actual: unknown, expected: unknown, _why?: string) =>
  expect(actual).toEqual(expected);

// DOMAIN.md's worked example (Weiss 2004 formula), computed by hand:
// −20 + 85.8×36/30 (102.96) + 600×6/300 (12) + 13.4×1 + 0.93×8 (7.44) + 5.64×2 (11.28) = 127.08
const example = {
  patientsInEd: 36,
  edBeds: 30,
  boarders: 6,
  inpatientBeds: 300,
  ventilated: 1,
  longestBoardingHours: 8,
  lastBedWaitHours: 2,
};

Deno.test("NEDOCS: DOMAIN.md's worked example is 127.1, overcrowded", () => {
  assertEquals(nedocsScore(example), 127.1);
  assertEquals(nedocsBand(127.1), "overcrowded");
});

Deno.test("NEDOCS bands at their edges (0–20, 21–60, 61–100, 101–140, 141–180, 181+)", () => {
  const cases: [number, string][] = [
    [0, "not_busy"],
    [20, "not_busy"],
    [20.4, "not_busy"],
    [20.6, "busy"],
    [60, "busy"],
    [61, "extremely_busy"],
    [100, "extremely_busy"],
    [101, "overcrowded"],
    [140, "overcrowded"],
    [141, "severely_overcrowded"],
    [180, "severely_overcrowded"],
    [181, "dangerously_overcrowded"],
    [250, "dangerously_overcrowded"],
  ];
  for (const [score, band] of cases) assertEquals(nedocsBand(score), band, `score ${score}`);
  assertEquals(formatNedocs(250), "200+");
  assertEquals(formatNedocs(127.08), "127.1");
});

Deno.test("NEDOCS: an empty ED floors at 0, not −20", () => {
  assertEquals(
    nedocsScore({
      ...example,
      patientsInEd: 0,
      boarders: 0,
      ventilated: 0,
      longestBoardingHours: 0,
      lastBedWaitHours: 0,
    }),
    0,
  );
});

Deno.test("NEDOCS inputs: missing and zero bed counts are named", () => {
  const r = nedocsInputs({ ...example, boarders: null, inpatientBeds: 0 });
  assertEquals("missing" in r ? r.missing : [], ["boarders", "inpatientBeds"]);
});

Deno.test("NEDOCS projection replaces only the census; other terms held", () => {
  const n = nedocsWithProjection(example, "2026-07-01T10:00:00Z", [
    { ts: "2026-07-01T11:00:00.000Z", p50: 30, mean: 30 },
    { ts: "2026-07-01T12:00:00.000Z", p50: 45 },
  ]);
  assertEquals(n.score, 127.1);
  // 30 patients: −20 + 85.8 + 12 + 13.4 + 7.44 + 11.28 = 109.92
  assertEquals(n.projection[0], {
    ts: "2026-07-01T11:00:00.000Z",
    score: 109.9,
    band: "overcrowded",
  });
  // 45 patients: −20 + 128.7 + 12 + 13.4 + 7.44 + 11.28 = 152.82
  assertEquals(n.projection[1].score, 152.8);
  assertEquals(n.projection[1].band, "severely_overcrowded");
});

const hour = (ts: string, v: Partial<Parameters<typeof latestEdStatus>[0][0]>) => ({
  ts: new Date(ts),
  edOccupancy: null,
  bedsAvailable: null,
  ambulanceArrivals: null,
  boarders: null,
  waitingRoom: null,
  ventilated: null,
  longestBoardingHours: null,
  lastBedWaitHours: null,
  diversion: null,
  diversionReason: null,
  ...v,
});

Deno.test("ED status: each field's latest report; diversion never reads as open", () => {
  const s = latestEdStatus([
    hour("2026-07-01T08:00:00Z", { diversion: true, diversionReason: "CT down", boarders: 9 }),
    hour("2026-07-01T09:00:00Z", { edOccupancy: 36, ambulanceArrivals: 3 }),
    hour("2026-07-01T07:00:00Z", { boarders: 2, ambulanceArrivals: 2 }),
  ]);
  assertEquals(s.boarders, { value: 9, at: "2026-07-01T08:00:00.000Z" });
  assertEquals(s.diversion?.value, true);
  assertEquals(s.diversion?.reason, "CT down");
  assertEquals(s.ambulance.last24h, 5);
  assertEquals(s.at, "2026-07-01T09:00:00.000Z");
  assertEquals(readinessWords("normal", s), "on diversion (reported by the ED)");
  assertEquals(readinessWords("normal", null), levelLabels.normal);
  const lifted = latestEdStatus([
    hour("2026-07-01T08:00:00Z", { diversion: true, diversionReason: "CT down" }),
    hour("2026-07-01T10:00:00Z", { diversion: false }),
  ]);
  assertEquals(lifted.diversion, { value: false, at: "2026-07-01T10:00:00.000Z", reason: null });
});

Deno.test("NEDOCS of a status needs every input and the inpatient beds", () => {
  const s = latestEdStatus([hour("2026-07-01T09:00:00Z", {
    edOccupancy: 36,
    boarders: 6,
    ventilated: 1,
    longestBoardingHours: 8,
    lastBedWaitHours: 2,
  })]);
  assertEquals(nedocsOf({ edBeds: 30, inpatientBeds: null }, s, []).missing, ["inpatientBeds"]);
  const n = nedocsOf({ edBeds: 30, inpatientBeds: 300 }, s, [
    { ts: "2026-07-01T09:00:00.000Z", p50: 50 },
    { ts: "2026-07-01T10:00:00.000Z", p50: 36 },
  ]).nedocs!;
  assertEquals([n.score, n.band, n.at], [127.1, "overcrowded", "2026-07-01T09:00:00.000Z"]);
  assertEquals(n.projection.map((p) => p.ts), ["2026-07-01T10:00:00.000Z"]);
});
