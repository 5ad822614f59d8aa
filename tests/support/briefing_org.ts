/**
 * A non-demo organisation for the briefing tests: one 30-bed ED in London (Europe/London, so
 * times read GMT or BST), ten days of simulated arrivals uploaded as a user would, the
 * organisation's own hot and smoky readings for the next 23 h, and a 100,000-person festival 4 km away
 * starting in 6 h. Its forecasts and plans are built before it is returned.
 */
import { expect } from "expect";
import type { Services } from "../../lib/runtime.ts";
import { type Hospital, insertHospital } from "../../models/hospitals.ts";
import { type FestEvent, insertEvent } from "../../models/events.ts";
import { refreshOrg } from "../../services/refresh.ts";
import { addUser, bearer, jsonInit, type TestUser, unique } from "./accounts.ts";
import { simulateOrgHistory, uploadHistory } from "./org_history.ts";
import type { buildTestApp } from "./app.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

const HOUR = 3_600_000;

export interface BriefingOrg {
  id: string;
  coordinator: TestUser;
  analyst: TestUser;
  hospital: Hospital;
  event: FestEvent;
}

export async function makeBriefingOrg(s: Services, app: App): Promise<BriefingOrg> {
  const [{ id }] = await s.db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [unique("org-briefing")],
  );
  const coordinator = await addUser(s, id, "coordinator");
  const analyst = await addUser(s, id, "analyst");
  const hospital = (await insertHospital(s.db, id, {
    code: unique("bri-h"),
    name: "Thames Briefing Hospital",
    lat: 51.5,
    lon: -0.12,
    edBeds: 30,
    icuBeds: 8,
    staffBaseline: 18,
    timezone: "Europe/London",
  }))!;
  const now = Date.now();
  const rows = simulateOrgHistory({
    beds: 30,
    days: 10,
    end: new Date(now),
    utcOffsetHours: 0,
    seed: 7,
  });
  await uploadHistory(app, coordinator.token, hospital.code, rows);
  const hour0 = Math.floor(now / HOUR) * HOUR;
  // Readings may be at most a day ahead (lib/schemas/environment.ts): 23 h cover the festival.
  const records = Array.from({ length: 23 }, (_, i) => ({
    lat: hospital.lat,
    lon: hospital.lon,
    ts: new Date(hour0 + i * HOUR).toISOString(),
    temperatureC: 33 + 3 * Math.sin(i / 4),
    relativeHumidity: 55,
    pm25: 60,
  }));
  const env = await app.request(
    "/api/environment",
    jsonInit("POST", { records }, bearer(coordinator.token)),
  );
  expect(env.status).toBe(200);
  await env.body?.cancel();
  const start = Math.ceil(now / HOUR) * HOUR + 6 * HOUR;
  const event = (await insertEvent(s.db, id, {
    code: unique("bri-fest"),
    name: "Thames Briefing Festival",
    type: "music_festival",
    lat: hospital.lat,
    lon: hospital.lon + 0.054,
    startsAt: new Date(start),
    endsAt: new Date(start + 12 * HOUR),
    expectedAttendance: 100_000,
    indoor: false,
    bounded: true,
    alcohol: true,
    freeWater: true,
  }))!;
  await refreshOrg(s, id);
  return { id, coordinator, analyst, hospital, event };
}
