/**
 * Alerts that do not flap (issue 16): a census wavering around the capacity threshold raises
 * one alert, which stays open while the median stays within the clearing margin and is resolved
 * only after hours clearly below it; a stopped data feed raises one `data` alert.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { bearer, makeOrg } from "./support/accounts.ts";
import { buildTestApp } from "./support/app.ts";
import { evaluateAlerts } from "../services/alerts.ts";
import { hotSituation } from "./support/situations.ts";
import type { OrgSituation } from "../services/situation.ts";
import type { Hospital } from "../models/hospitals.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { readinessOf } from "../domain/readiness.ts";
import { dataFreshness } from "../domain/freshness.ts";
import type { CensusPoint } from "../domain/census.ts";

const HOUR = 3_600_000;

/** A situation at `now` whose census median is `p50` in hours 4–8, well below elsewhere. */
function crowded(orgId: string, h: Hospital, now: Date, p50: number): OrgSituation {
  const sit = hotSituation(orgId, h, now, 25);
  const from = sit.from.getTime();
  const census: CensusPoint[] = Array.from({ length: 72 }, (_, i) => {
    const m = i >= 4 && i < 8 ? p50 : Math.round(h.edBeds * 0.5);
    return { ts: new Date(from + i * HOUR).toISOString(), p10: m - 3, p50: m, p90: m + 4, mean: m };
  });
  sit.hospitals[0].census = census;
  sit.hospitals[0].readiness = readinessOf(census, h.edBeds, DEFAULT_SETTINGS);
  return sit;
}

dbTest(
  "a census oscillating around the threshold raises one alert and does not flap",
  async (s) => {
    const org = await makeOrg(s, "hysteresis");
    const h = org.hospital;
    const beds = h.edBeds;
    const t0 = Date.now();
    const totals = { raised: 0, updated: 0, resolved: 0 };
    // Every 20 minutes for 6 h, the median alternates one patient above and below the beds
    // (capacityAlertShare 1): the old rule raised and resolved at every swing.
    for (let k = 0; k < 18; k++) {
      const at = new Date(t0 + k * 20 * 60_000);
      const p50 = k % 2 === 0 ? beds + 1 : beds - 1;
      const c = await evaluateAlerts(s, crowded(org.id, h, at, p50));
      totals.raised += c.raised;
      totals.resolved += c.resolved;
    }
    expect(totals.raised).toBe(1);
    expect(totals.resolved).toBe(0);
    // Clearly below (under 90 % of the beds): not resolved at once…
    const low = Math.floor(beds * 0.8);
    const t1 = t0 + 6 * HOUR;
    expect((await evaluateAlerts(s, crowded(org.id, h, new Date(t1), low))).resolved).toBe(0);
    expect((await evaluateAlerts(s, crowded(org.id, h, new Date(t1 + 2 * HOUR), low))).resolved)
      .toBe(0);
    // …a swing back above in between would have restarted the count; 3 h below: resolved.
    expect((await evaluateAlerts(s, crowded(org.id, h, new Date(t1 + 3 * HOUR), low))).resolved)
      .toBe(1);

    const app = await buildTestApp(s);
    const res = await app.request("/api/alerts?state=all", {
      headers: bearer(org.users.analyst.token),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const mine = (await res.json()).filter((a: { hospitalId: string; kind: string }) =>
      a.hospitalId === h.code && a.kind === "capacity"
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].resolvedAt).not.toBeNull();
  },
);

dbTest("a swing back above the clearing level keeps the alert open", async (s) => {
  const org = await makeOrg(s, "hysteresis-back");
  const h = org.hospital;
  const t0 = Date.now();
  const at = (hours: number) => new Date(t0 + hours * HOUR);
  const low = Math.floor(h.edBeds * 0.8);
  // Within the margin (95 % of beds) the alert holds; clear below it only after 3 h in a row.
  const near = Math.ceil(h.edBeds * 0.95);
  expect((await evaluateAlerts(s, crowded(org.id, h, at(0), h.edBeds + 2))).raised).toBe(1);
  expect((await evaluateAlerts(s, crowded(org.id, h, at(1), near))).resolved).toBe(0);
  expect((await evaluateAlerts(s, crowded(org.id, h, at(2), low))).resolved).toBe(0);
  expect((await evaluateAlerts(s, crowded(org.id, h, at(4), near))).resolved).toBe(0);
  expect((await evaluateAlerts(s, crowded(org.id, h, at(5), low))).resolved).toBe(0);
  expect((await evaluateAlerts(s, crowded(org.id, h, at(7), low))).resolved).toBe(0);
  expect((await evaluateAlerts(s, crowded(org.id, h, at(8), low))).resolved).toBe(1);
});

dbTest(
  "a hospital whose data stopped raises one data alert, resolved when data resumes",
  async (s) => {
    const org = await makeOrg(s, "data-alert");
    const h = org.hospital;
    const now = new Date();
    const stopped = hotSituation(org.id, h, now, 25);
    const lastHour = Math.floor(now.getTime() / HOUR) * HOUR - 30 * HOUR;
    const f = dataFreshness(new Date(lastHour), now, 6);
    stopped.hospitals[0].freshness = f;
    stopped.hospitals[0].readiness = readinessOf([], h.edBeds, DEFAULT_SETTINGS, f);
    expect(await evaluateAlerts(s, stopped)).toEqual({ raised: 1, updated: 0, resolved: 0 });
    // Later refreshes while it stays stopped change nothing (no update per refresh).
    const again = { ...stopped, now: new Date(now.getTime() + HOUR) };
    expect(await evaluateAlerts(s, again)).toEqual({ raised: 0, updated: 0, resolved: 0 });
    const app = await buildTestApp(s);
    const res = await app.request("/api/alerts", { headers: bearer(org.users.analyst.token) });
    expect(res.status).toBe(200);
    const data = (await res.json()).filter((a: { kind: string }) => a.kind === "data");
    expect(data).toHaveLength(1);
    expect(data[0].hospitalId).toBe(h.code);
    expect(data[0].title).toMatch(/readiness unknown — data stopped \w{3} \d{2}:00 P[DS]T/);
    expect(data[0].message).toMatch(/\((29|30) h ago\)/);
    // Data again: resolved at the next evaluation.
    const back = hotSituation(org.id, h, new Date(now.getTime() + 2 * HOUR), 25);
    back.hospitals[0].freshness = dataFreshness(now, new Date(now.getTime() + 2 * HOUR), 6);
    expect(await evaluateAlerts(s, back)).toEqual({ raised: 0, updated: 0, resolved: 1 });
  },
);
