/**
 * The organisation's iCalendar feed (issue 18): an admin creates its link on /admin, a calendar
 * client reads it (parsed here with ical.js, as clients do), the events come back at their
 * instants with the organisation's zone, the text follows RFC 5545's line rules, and a revoked
 * or replaced link stops working.
 */
import { expect } from "expect";
import ICAL from "ical.js";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, TEST_PASSWORD, type TestUser } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

async function signIn(app: App, user: TestUser) {
  const b = browser(app);
  await (await b.get("/login")).body?.cancel();
  const res = await b.post("/login", {
    _csrf: b.jar.get("fs_csrf")!,
    email: user.email,
    password: TEST_PASSWORD,
  });
  expect(res.status).toBe(303);
  return b;
}

/** Creates the feed link on /admin; returns its path and query. */
async function createLink(b: ReturnType<typeof browser>): Promise<string> {
  const res = await b.post("/admin", {
    _csrf: b.jar.get("fs_csrf")!,
    action: "create_calendar_feed",
  });
  expect(res.status).toBe(200);
  const html = await res.text();
  const m = html.match(/https?:\/\/[^<\s"]+\/api\/events\.ics\?token=(fsc_[\w-]+)/);
  expect(m).not.toBeNull();
  return `/api/events.ics?token=${m![1]}`;
}

dbTest("calendar feed: created on /admin, read by an iCalendar library, revocable", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "ical");
  const admin = bearer(org.users.admin.token);
  await app.request("/api/settings", jsonInit("PATCH", { timezone: "America/Los_Angeles" }, admin));
  const created = await app.request(
    "/api/events",
    jsonInit("POST", {
      id: "ical-marathon",
      name: "Palm Springs Marathon; 10k, half & full",
      type: "marathon",
      lat: 33.83,
      lon: -116.55,
      startsAt: "2026-11-08T14:00:00Z",
      endsAt: "2026-11-08T21:30:00Z",
      expectedAttendance: 12_000,
    }, admin),
  );
  expect(created.status).toBe(201);

  const b = await signIn(app, org.users.admin);
  const link = await createLink(b);
  const adminPage = await (await b.get("/admin")).text();
  expect(adminPage).toContain("A feed link");
  expect(adminPage).not.toContain(link.split("token=")[1]);

  const res = await app.request(link);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/calendar");
  const text = await res.text();
  // RFC 5545 §3.1: CRLF line ends, lines at most 75 octets.
  expect(text.endsWith("\r\n")).toBe(true);
  const lines = text.split("\r\n").slice(0, -1);
  expect(lines.every((l) => !l.includes("\n") && new TextEncoder().encode(l).length <= 75))
    .toBe(true);

  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.getFirstPropertyValue("version")).toBe("2.0");
  expect(cal.getFirstPropertyValue("prodid")).toBe("-//FestSafe//Events//EN");
  expect(cal.getFirstPropertyValue("x-wr-timezone")).toBe("America/Los_Angeles");
  const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  const byName = new Map(events.map((e) => [e.summary, e]));
  const marathon = byName.get("Palm Springs Marathon; 10k, half & full")!;
  expect(marathon).toBeDefined();
  expect(marathon.startDate.zone?.tzid).toBe("UTC");
  expect(marathon.startDate.toJSDate().toISOString()).toBe("2026-11-08T14:00:00.000Z");
  expect(marathon.endDate.toJSDate().toISOString()).toBe("2026-11-08T21:30:00.000Z");
  // In the organisation's zone, the start is 06:00 PST.
  expect(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "America/Los_Angeles",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(marathon.startDate.toJSDate()),
  ).toBe("06:00");
  expect(marathon.component.getFirstPropertyValue("geo")).toEqual([33.83, -116.55]);
  expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  // Events that ended over 90 days ago (the seeded April 2025 festival) are left out.
  expect(byName.has(org.event.name)).toBe(false);
  expect(events.length).toBe(1);

  // Replacing the link revokes the old one; revoking ends the new one.
  const replaced = await createLink(b);
  expect((await app.request(link)).status).toBe(404);
  expect((await app.request(replaced)).status).toBe(200);
  const revoke = await b.post("/admin", {
    _csrf: b.jar.get("fs_csrf")!,
    action: "revoke_calendar_feed",
  });
  expect(revoke.status).toBe(303);
  const gone = await app.request(replaced);
  expect(gone.status).toBe(404);
  expect(gone.headers.get("content-type")).toContain("application/json");
  expect((await app.request("/api/events.ics?token=nonsense")).status).toBe(404);
});
