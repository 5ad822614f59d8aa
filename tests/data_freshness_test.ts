/**
 * Data freshness through the public API (issue 16): a hospital whose data stopped 30 h ago is
 * readiness "unknown" with its data age in the forecast API, on the board, the timeline, the
 * wall, its page and its briefing, and raises one data alert; a hospital reporting up to now in
 * the same organisation keeps its level. No page of the organisation shows NaN or a negative
 * figure.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer } from "./support/accounts.ts";
import { stoppedOrg } from "./support/stopped_org.ts";
import { badFigures, visibleText } from "./support/page_scan.ts";

interface Forecast {
  points: { p10: number; p50: number; p90: number }[];
  census: { p10: number; p50: number; p90: number; mean: number }[];
  readiness: { level: string; dataStopped: boolean };
  dataAgeHours: number | null;
  dataAt: string | null;
  stale: boolean;
}

dbTest(
  "a hospital whose data stopped 30 h ago is unknown everywhere, with a data alert",
  async (s) => {
    const app = await buildTestApp(s);
    const { org, stopped, fresh } = await stoppedOrg(s, app, "stopped");
    const admin = bearer(org.users.admin.token);

    const forecast = async (code: string) => {
      const res = await app.request(`/api/hospitals/${code}/forecast`, { headers: admin });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      return await res.json() as Forecast;
    };
    const f = await forecast(stopped);
    // Last hour stamped thisHour − 30 h ends thisHour − 29 h: 29 h ago plus the minutes past the hour.
    expect(f.readiness).toMatchObject({ level: "unknown", dataStopped: true });
    expect(f.dataAgeHours).toBeGreaterThanOrEqual(29);
    expect(f.dataAgeHours).toBeLessThanOrEqual(30);
    expect(f.stale).toBe(true);
    expect(f.census).toEqual([]);
    for (const p of f.points) {
      for (const v of [p.p10, p.p50, p.p90]) expect(Number.isFinite(v) && v >= 0).toBe(true);
    }
    const g = await forecast(fresh);
    expect(g.readiness.level).not.toBe("unknown");
    expect(g.readiness.dataStopped).toBe(false);
    expect(g.dataAgeHours).toBeLessThan(1);
    expect(g.census.length).toBe(72);
    for (const c of g.census) {
      expect(Math.min(c.p10, c.p50, c.p90, c.mean)).toBeGreaterThanOrEqual(
        0,
      );
    }

    const alerts = await app.request("/api/alerts", { headers: admin });
    expect(alerts.status).toBe(200);
    const data = (await alerts.json()).filter((a: { kind: string }) => a.kind === "data");
    expect(data.map((a: { hospitalId: string }) => a.hospitalId)).toEqual([stopped]);

    const page = async (path: string) => {
      const res = await app.request(path, {
        headers: { cookie: `fs_access=${org.users.admin.token}` },
      });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      expect([path, badFigures(html)]).toEqual([path, []]);
      return html;
    };
    const stoppedWords = /unknown[\s\S]{0,80}data stopped \w{3} \d{2}:00 P[DS]T \((29|30) h ago\)/;
    for (const path of ["/", "/wall"]) {
      const html = await page(path);
      // Board and timeline both say it, in the hospital's zone.
      const board = html.slice(html.indexOf(`data-readiness="unknown"`));
      expect(board).toMatch(stoppedWords);
      const timeline = html.slice(html.indexOf(`data-timeline-hospital="${org.hospital.name}"`));
      expect(timeline.slice(0, 600)).toMatch(stoppedWords);
    }
    for (const path of [`/hospitals/${stopped}`, `/hospitals/${stopped}/briefing`]) {
      const html = await page(path);
      expect(visibleText(html).replace(/\s+/g, " ")).toMatch(stoppedWords);
    }
    const events = org.event.code;
    for (
      const path of [
        `/hospitals/${fresh}`,
        `/hospitals/${fresh}/briefing`,
        "/plans",
        "/alerts",
        "/events",
        `/events/${events}`,
        "/upload",
        "/admin",
        "/what-if",
      ]
    ) await page(path);
  },
);

Deno.test("the page scan finds NaN and negative figures, not dates or ranges", () => {
  expect(badFigures("<td>NaN</td>")).toHaveLength(1);
  expect(badFigures("<p>open / normal −1 −1</p>")).toHaveLength(2);
  expect(badFigures("<p>About NaN ED arrivals</p>")).toHaveLength(1);
  expect(badFigures('<td title="census -1 beds">x</td>')).toHaveLength(1);
  expect(badFigures('<script type="application/json">{"p50":NaN}</script>')).toHaveLength(1);
  expect(badFigures("<p>2026-12-07 07–19 UTC-8 p10–p90 33.8000, -116.5000</p>")).toEqual([]);
});
