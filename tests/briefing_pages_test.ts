/**
 * Briefings (issue 11): a hospital's and an event's one-page printable view, for a non-demo
 * organisation in London. They show what the hospital and event pages show (the same readiness,
 * the same plan), a chart drawn on the server, times in the hospital's zone, and write nothing
 * but the read's audit row.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { makeOrg } from "./support/accounts.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { browser } from "./support/form_browser.ts";
import { makeBriefingOrg } from "./support/briefing_org.ts";
import { decideRecommendation } from "../services/recommendations.ts";
import { systemActor } from "../services/actor.ts";
import type { Services } from "../lib/runtime.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

function as(app: App, token: string) {
  const b = browser(app);
  b.jar.set("fs_access", token);
  return b;
}

async function html(b: ReturnType<typeof browser>, path: string) {
  const res = await b.get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  return await res.text();
}

/** Rows an organisation's forecasts, plans and recommendations hold (a read must not add any). */
async function writes(s: Services, orgId: string) {
  const [row] = await s.db.query<{ f: number; p: number; r: number }>(
    `SELECT (SELECT count(*)::int FROM forecasts WHERE org_id = $1) AS f,
       (SELECT count(*)::int FROM plans WHERE org_id = $1) AS p,
       (SELECT count(*)::int FROM recommendations WHERE org_id = $1) AS r`,
    [orgId],
  );
  return row;
}

const text = (h: string) => h.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");

dbTest(
  "hospital briefing: readiness, SVG census chart with beds, open items, London times",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeBriefingOrg(s, app);
    const h = org.hospital;
    const b = as(app, org.coordinator.token);

    const page = await html(b, `/hospitals/${h.code}`);
    expect(page).toContain(`href="/hospitals/${h.code}/briefing"`);
    const level = page.match(/data-testid="readiness">([a-z]+)</)![1];

    const before = await writes(s, org.id);
    const brief = await html(b, `/hospitals/${h.code}/briefing`);
    expect(await writes(s, org.id)).toEqual(before);
    expect(brief).toContain("Briefing: Thames Briefing Hospital");
    expect(brief).toContain(`href="/hospitals/${h.code}"`); // back to the hospital page
    expect(brief).toContain('data-testid="print"');
    expect(brief).toContain("30 staffed ED beds");
    // The same readiness as the hospital page (one computation), with its label.
    expect(brief).toContain(`data-testid="readiness">${level}<`);
    const from = brief.match(/data-testid="readiness-from">([^<]+)</)?.[1];
    if (from) expect(from).toMatch(/^\w{3} \d\d:\d\d (GMT|BST)$/);
    // The chart is an inline SVG: band, median, the beds line, ticks labelled in local hours.
    const svg = brief.slice(brief.indexOf("<svg"), brief.indexOf("</svg>"));
    expect(svg).toContain('role="img"');
    expect(svg).toContain('data-testid="census-band"');
    expect(svg).toContain('data-testid="census-median"');
    expect(svg).toContain('data-testid="beds-line"');
    expect(svg).toContain("30 staffed beds");
    expect(svg).toMatch(/Time \(Europe\/London, (GMT|BST)\)/);
    expect(svg).toMatch(/>\w{3} (00|12):00</);
    expect(brief).not.toMatch(/<canvas/);
    // Conditions from the organisation's own readings: heat index and AQI peaks.
    expect(brief).toMatch(/data-testid="peak-heat">\d+(\.\d)? °C</);
    expect(brief).toMatch(/data-testid="peak-aqi">\d+</);
    // Model, issue time and generation time, all in the hospital's zone.
    const meta = text(brief.slice(brief.indexOf('data-testid="briefing-meta"')));
    expect(meta).toMatch(/Forecast model \S+, issued \w{3} \d+ \w{3}, \d\d:\d\d (GMT|BST)/);
    expect(meta).toMatch(/Generated \w{3} \d+ \w{3}, \d\d:\d\d (GMT|BST) \(Europe\/London\)/);
    expect(brief).not.toMatch(/\d\d:\d\d (PST|PDT|UTC)/);
    // Open recommendations: the festival's ambulance staging; a dismissed item leaves the list.
    expect(brief).toContain("at Thames Briefing Festival");
    const ids = [...brief.matchAll(/data-testid="recommendation" data-id="([0-9a-f-]{36})"/g)]
      .map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(12); // one page: the rest are counted
    const count = Number(brief.match(/Open recommendations \((\d+)\)/)![1]);
    expect(count).toBeGreaterThanOrEqual(ids.length);
    if (count > ids.length) {
      expect(text(brief)).toContain(`${count - ids.length} more open: the hospital's full plan`);
    }
    expect(brief).not.toContain('action="/plans"'); // read-only
    await decideRecommendation(s, { ...systemActor(org.id), orgId: org.id }, ids[0], {
      status: "dismissed",
    });
    const after = await html(b, `/hospitals/${h.code}/briefing`);
    expect(after).not.toContain(`data-id="${ids[0]}"`);
    expect(after).toContain(`Open recommendations (${count - 1})`);

    // The read is audited like the hospital page's.
    const audit = await s.db.query<{ action: string; resourceId: string }>(
      `SELECT action, resource_id AS "resourceId" FROM audit_log
     WHERE actor_id = $1 AND resource = 'forecasts' ORDER BY at`,
      [org.coordinator.id],
    );
    expect(audit.filter((a) => a.resourceId === h.code).map((a) => a.action))
      .toEqual(["read", "read", "read"]);

    // Another organisation cannot see it, by code or by id.
    const other = await makeOrg(s, "briefing-other");
    const stranger = as(app, other.users.coordinator.token);
    for (const id of [h.code, h.id]) {
      const res = await stranger.get(`/hospitals/${id}/briefing`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).not.toContain("Thames Briefing Hospital");
    }
  },
);

dbTest(
  "event briefing: facts, conditions, nearby hospitals' readiness and event items",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeBriefingOrg(s, app);
    const e = org.event;
    const b = as(app, org.analyst.token);

    const page = await html(b, `/events/${e.code}`);
    expect(page).toContain(`href="/events/${e.code}/briefing"`);
    const level = page.match(/badge badge-([a-z]+)/)![1];

    const before = await writes(s, org.id);
    const brief = await html(b, `/events/${e.code}/briefing`);
    expect(await writes(s, org.id)).toEqual(before);
    const t = text(brief);
    expect(t).toContain("Briefing: Thames Briefing Festival");
    expect(t).toContain("music festival");
    expect(t).toContain("100,000");
    expect(brief).toMatch(/data-testid="starts">\w{3} \d+ \w{3} \d{4}, \d\d:\d\d (GMT|BST)</);
    expect(brief).toMatch(/data-testid="ends">\w{3} \d+ \w{3} \d{4}, \d\d:\d\d (GMT|BST)</);
    expect(brief).toMatch(/data-testid="peak-heat">\d+(\.\d)? °C</);
    expect(brief).toMatch(/data-testid="peak-aqi">\d+</);
    // The nearby hospital, at the event page's level, with its open items about this event.
    expect(brief).toContain(`data-hospital="${org.hospital.code}"`);
    expect(brief).toContain(`data-testid="level-during">${level}<`);
    expect(brief).toContain(`href="/hospitals/${org.hospital.code}/briefing"`);
    expect(t).toContain("Stage");
    expect(t).toContain("at Thames Briefing Festival");
    expect(t).toMatch(/Generated \w{3} \d+ \w{3}, \d\d:\d\d (GMT|BST) \(Europe\/London\)/);
    const [audit] = await s.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log
     WHERE actor_id = $1 AND resource = 'plans' AND resource_id = $2 AND action = 'read'`,
      [org.analyst.id, e.code],
    );
    expect(audit.n).toBe(1);

    const other = await makeOrg(s, "briefing-other-e");
    const res = await as(app, other.users.analyst.token).get(`/events/${e.code}/briefing`);
    expect(res.status).toBe(404);
    await res.body?.cancel();
  },
);

dbTest(
  "event pages: an event that has ended says so instead of waiting for a forecast",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "past-event"); // its festival ran in April 2025
    const { accessToken } = await startSession(s, org.users.analyst);
    const b = as(app, accessToken);
    for (const path of [`/events/${org.event.code}`, `/events/${org.event.code}/briefing`]) {
      const t = text(await html(b, path));
      expect({ path, ended: t.includes("(it has ended)") }).toEqual({ path, ended: true });
      expect(t).not.toContain("No forecast for the event's hours yet");
      expect(t).not.toContain("beyond the 72 h forecast");
      expect(t).toContain("event over: no census forecast for past hours");
    }
  },
);
