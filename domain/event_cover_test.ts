import { expect } from "expect";
import { firstAidersFor, medicalCover } from "./event_cover.ts";
import {
  attendeeDays,
  capabilityWeight,
  dailyAttendance,
  eventDays,
  expectedEventLoad,
  transferShares,
} from "./event_load.ts";
import { planEvent } from "./plans/events.ts";
import { eventMedicalAgent } from "./plans/event_medical.ts";
import { heatAgent } from "./plans/heat.ts";
import { calmInput, NOW } from "../tests/support/plan_inputs.ts";
import type { FestEvent } from "../models/events.ts";

const H = 3_600_000;

function event(over: Partial<FestEvent> = {}): Omit<FestEvent, "id"> {
  return {
    code: "fest",
    name: "Desert Beats",
    type: "music_festival",
    lat: 33.5,
    lon: -116.5,
    startsAt: new Date(NOW.getTime() + 24 * H),
    // Fri 12:00 → Sun 23:00: three days.
    endsAt: new Date(NOW.getTime() + 24 * H + 59 * H),
    expectedAttendance: 30_000,
    indoor: false,
    bounded: true,
    alcohol: true,
    freeWater: true,
    ...over,
  };
}

Deno.test("events: attendance per day or in total is a 3× difference for a three-day festival", () => {
  const perDay = event({ attendanceBasis: "perDay" });
  const total = event({ attendanceBasis: "total" });
  expect(eventDays(perDay)).toBe(3);
  expect(attendeeDays(perDay)).toBe(90_000);
  expect(attendeeDays(total)).toBe(30_000);
  expect(dailyAttendance(perDay)).toBe(30_000);
  expect(dailyAttendance(total)).toBe(10_000);
  const a = expectedEventLoad(perDay), b = expectedEventLoad(total);
  expect(a.onSite / b.onSite).toBeCloseTo(3, 6);
  // Absent basis: total, as attendance was always read (existing events keep their figures).
  expect(expectedEventLoad(event()).onSite).toBeCloseTo(b.onSite, 6);
});

Deno.test("events: on-site cover from the Purple Guide ratios by crowd and type", () => {
  expect(firstAidersFor(400)).toBe(2);
  expect(firstAidersFor(2_500)).toBe(5);
  expect(firstAidersFor(3_000)).toBe(6);
  expect(firstAidersFor(10_000)).toBe(13);
  const concert = medicalCover({ type: "concert", alcohol: false }, 60_000);
  expect(concert).toMatchObject({ led: "doctor", tier: 5, firstAiders: 63, siteAmbulances: 3 });
  expect(concert.doctors).toBe(3);
  // A festival with alcohol needs more for the same crowd (type and alcohol factors).
  const fest = medicalCover({ type: "music_festival", alcohol: true }, 60_000);
  expect(fest.firstAiders).toBeGreaterThan(concert.firstAiders);
  expect(medicalCover({ type: "fair", alcohol: false }, 1_500).led).toBe("first aiders");
  expect(medicalCover({ type: "fair", alcohol: false }, 5_000).led).toBe("paramedic or nurse");
});

Deno.test("events: a 60,000-person stadium concert next to an 80-bed ED gets a cover item", () => {
  const concert = event({
    type: "concert",
    indoor: false,
    alcohol: false,
    expectedAttendance: 60_000,
    endsAt: new Date(NOW.getTime() + 24 * H + 4 * H),
  });
  const ed = { code: "test-hosp", name: "City ED", lat: 33.518, lon: -116.5, edBeds: 80 };
  const pe = planEvent(concert, ed, [{ ...ed }], [])!;
  // Concert PPR 0.21 per 1,000: under one transfer in all, no staging by transfers…
  expect(pe.transfers).toBeLessThan(1);
  const [item] = eventMedicalAgent({ ...calmInput(), events: [pe] });
  // …but the crowd needs doctor-led cover all the same.
  expect(item.title).toBe(
    "Plan on-site medical cover at Desert Beats: doctor-led, 63 first aiders",
  );
  expect(item.action).toContain(
    "63 first aiders, 12 paramedics or nurses, 3 doctors, 3 site ambulances",
  );
  expect(item.evidence.medicalCover).toMatchObject({ led: "doctor", tier: 5 });
});

Deno.test("events: attendance 0 or 1 raises nothing", () => {
  const ed = { code: "test-hosp", name: "City ED", lat: 33.5, lon: -116.5, edBeds: 30 };
  for (const n of [0, 1, 499]) {
    const hot = Array.from({ length: 12 }, (_, i) => ({
      ts: new Date(NOW.getTime() + (24 + i) * H),
      heatIndexC: 45,
      aqi: 200,
      pm25: 150,
    }));
    expect(planEvent(event({ expectedAttendance: n }), ed, [{ ...ed }], hot)).toBeNull();
  }
  const input = { ...calmInput(), events: [] };
  expect(heatAgent(input)).toEqual([]);
});

Deno.test("events: receiving hospitals by capability and distance, not distance alone", () => {
  const fest = { lat: 33.5, lon: -116.5 };
  // A 1-bed post 1 km away, a 30-bed level-2 trauma centre 8 km away, a 40-bed ED at 12 km.
  const post = { code: "post", lat: 33.509, lon: -116.5, edBeds: 1, traumaLevel: 4 };
  const trauma = { code: "trauma", lat: 33.572, lon: -116.5, edBeds: 30, traumaLevel: 2 };
  const city = { code: "city", lat: 33.608, lon: -116.5, edBeds: 40, traumaLevel: null };
  const byDistance = transferShares(fest, [
    { ...post, edBeds: undefined, traumaLevel: undefined },
    { ...trauma, edBeds: undefined, traumaLevel: undefined },
    { ...city, edBeds: undefined, traumaLevel: undefined },
  ]);
  expect(byDistance.get("post")!).toBeGreaterThan(0.4);
  const shares = transferShares(fest, [post, trauma, city]);
  // Under the 5 % below which a hospital does not plan for an event (was over 40 %).
  expect(shares.get("post")!).toBeLessThan(0.05);
  expect(shares.get("trauma")!).toBeGreaterThan(shares.get("city")!);
  expect([...shares.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  expect(capabilityWeight({ edBeds: 1, traumaLevel: 4 })).toBe(0.025);
  expect(capabilityWeight({})).toBe(1);
  // The post is left out of the festival's planning altogether (under 5 %).
  const pe = planEvent(event(), post, [
    { ...post, name: "Post" },
    { ...trauma, name: "Trauma" },
    { ...city, name: "City" },
  ], []);
  expect(pe).toBeNull();
});

Deno.test("events: no heat alert for an outdoor event of one person", async () => {
  const { alertCandidates } = await import("./alerts.ts");
  const { DEFAULT_SETTINGS } = await import("./settings.ts");
  const hot = Array.from({ length: 6 }, (_, i) => ({
    ts: new Date(NOW.getTime() + (24 + i) * H),
    heatIndexC: 45,
    aqi: 40,
    pm25: 5,
  }));
  const sit = (expectedAttendance: number) => ({
    now: NOW,
    settings: DEFAULT_SETTINGS,
    timezone: "UTC",
    hospitals: [],
    events: [{
      event: {
        ...event({ expectedAttendance }),
        id: "e1",
        startsAt: hot[0].ts,
        endsAt: new Date(hot[5].ts.getTime() + H),
      },
      conditions: hot,
    }],
  });
  expect(alertCandidates(sit(1))).toEqual([]);
  expect(alertCandidates(sit(0))).toEqual([]);
  expect(alertCandidates(sit(20_000)).map((a) => a.kind)).toEqual(["heat"]);
});

Deno.test("events: attendance and cover in words for the event pages", async () => {
  const { attendanceWords, coverLine } = await import("./event_cover.ts");
  expect(attendanceWords({ expectedAttendance: 30_000, attendanceBasis: "perDay", days: 3 }))
    .toBe("30,000 a day × 3 days");
  expect(attendanceWords({ expectedAttendance: 90_000, days: 3 }))
    .toBe("90,000 in total over 3 days (about 30,000 a day)");
  expect(attendanceWords({ expectedAttendance: 60_000, days: 1 })).toBe("60,000");
  expect(coverLine(medicalCover({ type: "concert", alcohol: false }, 60_000))).toBe(
    "63 first aiders, 12 paramedics or nurses, 3 doctors, 3 site ambulances — doctor-led, " +
      "Purple Guide tier 5",
  );
});
