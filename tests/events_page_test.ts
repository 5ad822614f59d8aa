/**
 * /events (issue 22): upcoming and current events first, soonest first; past ones behind a
 * filter, most recent first (the calendar listed 103 events oldest first).
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { makeOrg, unique } from "./support/accounts.ts";
import { insertEvent } from "../models/events.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";

const HOUR = 3_600_000;

dbTest("/events lists upcoming and current events first; past ones behind a filter", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "calendar"); // holds one event of April 2025
  const now = Date.now();
  const add = (name: string, startH: number, endH: number) =>
    insertEvent(s.db, org.id, {
      code: unique("ev"),
      name,
      type: "fair",
      lat: 33.7,
      lon: -116.3,
      startsAt: new Date(now + startH * HOUR),
      endsAt: new Date(now + endH * HOUR),
      expectedAttendance: 1_000,
      indoor: false,
      bounded: true,
      alcohol: false,
      freeWater: true,
    });
  await add("Far fair", 30 * 24, 30 * 24 + 6);
  await add("Fair of last week", -7 * 24, -7 * 24 + 6);
  await add("Fair under way", -1, 2);
  await add("Fair in two days", 48, 54);
  const names = async (path: string) => {
    const res = await app.request(path, {
      headers: { cookie: `${ACCESS_COOKIE}=${org.users.analyst.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    const list = html.slice(html.indexOf('class="event-list"'));
    return {
      html,
      names: [...list.matchAll(/<a href="\/events\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]),
    };
  };
  const upcoming = await names("/events");
  expect(upcoming.names).toEqual(["Fair under way", "Fair in two days", "Far fair"]);
  expect(upcoming.html).toContain("Upcoming and under way (3)");
  expect(upcoming.html).toContain("Past (2)");
  const past = await names("/events?show=past");
  expect(past.names).toEqual(["Fair of last week", `${org.name} Festival`]);
});
