/**
 * A test organisation with a 100,000-person music festival starting in 6 h about 5 km from its
 * hospital, so that its plan has an EMS staging recommendation to decide on. Its plans are
 * built before it is returned.
 */
import type { Services } from "../../lib/runtime.ts";
import { insertEvent } from "../../models/events.ts";
import { refreshOrg } from "../../services/refresh.ts";
import { makeOrg, type TestOrg, unique } from "./accounts.ts";

export async function makeFestivalOrg(s: Services, label: string): Promise<TestOrg> {
  const org = await makeOrg(s, label);
  const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 6 * 3_600_000;
  await insertEvent(s.db, org.id, {
    code: unique("fest"),
    name: "Plan Test Festival",
    type: "music_festival",
    lat: org.hospital.lat,
    lon: org.hospital.lon + 0.054,
    startsAt: new Date(start),
    endsAt: new Date(start + 12 * 3_600_000),
    expectedAttendance: 100_000,
    indoor: false,
    bounded: true,
    alcohol: true,
    freeWater: true,
  });
  // What the refresh after creating an event does (services/refresh.ts), without waiting for it.
  await refreshOrg(s, org.id);
  return org;
}
