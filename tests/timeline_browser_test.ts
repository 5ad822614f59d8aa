/**
 * The region at a glance (issue 11), in Chromium, for a new organisation with its own history:
 * the overview's 72-hour timeline colours the hours in which the census forecast exceeds a
 * 26-bed ED's beds — the same hours and levels as its plan's readiness — labelled in the
 * hospital's zone, with its event marked under the hours it runs; the wall-screen view shows the
 * same and refreshes itself when a new plan is published.
 */
import { expect } from "expect";
import type { Locator } from "playwright-core";
import { browserTest } from "./support/browser.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import { edHistory, historyCsv } from "./support/scenario_data.ts";
import { updateHospital } from "../models/hospitals.ts";
import { latestPlanSummaries } from "../models/plans.ts";
import { refreshOrg } from "../services/refresh.ts";
import { levelWithSurge } from "../domain/readiness.ts";
import type { CensusPoint } from "../domain/census.ts";
import { formatHour } from "../domain/time_format.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";
import type { Services } from "../lib/runtime.ts";

const HOUR = 3_600_000;
const TZ = "Europe/London";

interface Summary {
  census: CensusPoint[];
  beds: number;
  readiness: { surgeBeds: number; level: string };
}

async function summaryOf(s: Services, orgId: string): Promise<Summary> {
  const [p] = await latestPlanSummaries(s.db, orgId);
  return p.summary as unknown as Summary;
}

/** A timeline row's level hour by hour (each bar spans its hours). */
function hourly(row: Locator) {
  return row.locator("td").evaluateAll((tds) =>
    tds.flatMap((td) =>
      Array((td as HTMLTableCellElement).colSpan).fill(td.getAttribute("data-level"))
    )
  );
}

browserTest(
  "browser: the overview timeline shows a hospital over capacity at the right hours, and the wall view refreshes itself",
  async ({ page, base, services: s }) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "timeline");
    const h = org.hospital;
    await updateHospital(s.db, org.id, h.id, {
      name: "Cardiff Bay Infirmary",
      lat: 51.4816,
      lon: -3.1791,
      edBeds: 26,
      timezone: TZ,
    });
    const { accessToken } = await startSession(s, org.users.admin);
    const auth = bearer(accessToken);
    const settings = await app.request("/api/settings", jsonInit("PATCH", { timezone: TZ }, auth));
    expect(settings.status).toBe(200);
    await settings.body?.cancel();
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    const rows = edHistory({
      end: new Date(thisHour),
      days: 42,
      meanPerHour: 7,
      timeZone: TZ,
      los: { meanHours: 3.5, cv: 1 },
      seed: 11,
    });
    const upload = await app.request("/api/observations", {
      method: "POST",
      headers: { ...auth, "content-type": "text/csv" },
      body: historyCsv(h.code, rows),
    });
    expect(upload.status).toBe(200);
    await upload.body?.cancel();
    const start = thisHour + 20 * HOUR;
    const event = await app.request(
      "/api/events",
      jsonInit("POST", {
        id: unique("bay-run"),
        name: "Cardiff Bay 10k",
        type: "marathon",
        lat: 51.4637,
        lon: -3.1636,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 4 * HOUR).toISOString(),
        expectedAttendance: 12_000,
      }, auth),
    );
    expect(event.status).toBe(201);
    await event.body?.cancel();

    // Beds at the forecast's typical p90, so that some hours are over and others are not.
    await refreshOrg(s, org.id);
    let summary = await summaryOf(s, org.id);
    const p90s = summary.census.map((c) => c.p90).sort((a, b) => a - b);
    await updateHospital(s.db, org.id, h.id, { edBeds: p90s[Math.floor(p90s.length / 2)] });
    await refreshOrg(s, org.id);
    summary = await summaryOf(s, org.id);
    expect(summary.readiness.level).not.toBe("normal");

    await page.context().addCookies([{ name: ACCESS_COOKIE, value: accessToken, url: base }]);
    await page.goto(`${base}/`);
    const timeline = page.getByTestId("timeline");
    const first = Date.parse((await timeline.getAttribute("data-start"))!);
    const expected = Array.from({ length: 72 }, (_, i) => {
      const c = summary.census.find((c) => Date.parse(c.ts) === first + i * HOUR);
      return c ? levelWithSurge(c, summary.beds, summary.readiness.surgeBeds) : "unknown";
    });
    // The current hour is judged on the occupancy just reported (issue 22: "now" is what was
    // reported, not what was forecast for it): the history's last hour is an hour ago.
    const last = rows[rows.length - 1];
    if (first - last.ts.getTime() <= HOUR) {
      const reported = { p50: last.edOccupancy, p90: last.edOccupancy };
      expected[0] = levelWithSurge(reported, summary.beds, summary.readiness.surgeBeds);
    }
    const row = timeline.locator('tr[data-timeline-hospital="Cardiff Bay Infirmary"]');
    expect(await hourly(row)).toEqual(expected);
    const over = expected.findIndex((l) => l !== "normal" && l !== "unknown");
    expect(over).toBeGreaterThanOrEqual(0);
    expect(expected).toContain("normal");
    // Each run of hours at one level is one bar, labelled in the hospital's zone (GMT in winter,
    // BST in summer) from its first hour.
    let end = over + 1;
    while (end < expected.length && expected[end] === expected[over]) end++;
    const hours = end - over > 1
      ? `${formatHour(first + over * HOUR, TZ)} to ${formatHour(first + (end - 1) * HOUR, TZ)}`
      : formatHour(first + over * HOUR, TZ);
    const bar = row.locator(`td[data-from="${over}"]`);
    expect(Number(await bar.getAttribute("colspan"))).toBe(end - over);
    const label = `${hours}: ${expected[over]}`;
    expect((await bar.getAttribute("title"))?.slice(0, label.length)).toBe(label);
    expect(await timeline.textContent()).toContain(`${TZ}, `);
    // The event is marked under exactly its four hours.
    const marked = timeline.locator('tr[data-event="Cardiff Bay 10k"] td.tl-event');
    expect(Number(await marked.getAttribute("data-from"))).toBe((start - first) / HOUR);
    expect(Number(await marked.getAttribute("colspan"))).toBe(4);

    // The wall view: the same cells, large type, and it follows the live stream.
    await page.goto(`${base}/wall`);
    await page.waitForSelector('[data-testid="wall-status"][data-state="live"]');
    expect(await page.locator("nav").count()).toBe(0);
    expect(await hourly(page.locator('[data-testid="timeline"] tr[data-timeline-hospital]')))
      .toEqual(
        expected,
      );
    await refreshOrg(s, org.id); // publishes "forecast" and "plan" on the live stream
    await page.waitForSelector('[data-testid="wall-status"][data-refreshes="1"]', {
      timeout: 30_000,
    });
    expect(await hourly(page.locator('[data-testid="timeline"] tr[data-timeline-hospital]')))
      .toHaveLength(
        72,
      );
  },
);
