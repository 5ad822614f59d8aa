import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, makeOrg } from "./support/accounts.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { invalidateOrg } from "../infra/org_cache.ts";
import { evaluateAlerts } from "../services/alerts.ts";
import { hotSituation } from "./support/situations.ts";

dbTest("GET /api/alerts: own and region-wide open alerts, most severe first", async (s) => {
  const app = await buildTestApp(s);
  const mine = await makeOrg(s, "alerts-own");
  const theirs = await makeOrg(s, "alerts-other");
  const insert = (org: string | null, severity: string, title: string, resolved = false) =>
    s.db.query(
      `INSERT INTO alerts (org_id, kind, severity, title, message, resolved_at)
       VALUES ($1, 'test', $2, $3, 'm', $4)`,
      [org, severity, title, resolved ? new Date() : null],
    );
  const tag = crypto.randomUUID().slice(0, 8);
  await insert(mine.id, "medium", `mine-medium-${tag}`);
  await insert(mine.id, "critical", `mine-critical-${tag}`);
  await insert(mine.id, "high", `mine-resolved-${tag}`, true);
  await insert(theirs.id, "critical", `theirs-${tag}`);
  await insert(null, "high", `region-${tag}`);

  const { accessToken } = await startSession(s, mine.users.analyst);
  const res = await app.request("/api/alerts", { headers: bearer(accessToken) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const titles = (await res.json() as { title: string }[]).map((a) => a.title)
    .filter((t) => t.endsWith(tag));
  expect(titles).toEqual([`mine-critical-${tag}`, `region-${tag}`, `mine-medium-${tag}`]);

  const anonymous = await app.request("/api/alerts");
  expect(anonymous.status).toBe(401);
  await anonymous.body?.cancel();
});

dbTest("the overview lists the organisation's open alerts", async (s) => {
  const app = await buildTestApp(s);
  const [demo] = await s.db.query<{ id: string }>("SELECT id FROM orgs WHERE is_demo");
  const title = `Demo ED diversion ${crypto.randomUUID().slice(0, 8)}`;
  await s.db.query(
    `INSERT INTO alerts (org_id, kind, severity, title, message)
     VALUES ($1, 'capacity', 'critical', $2, 'ED on diversion')`,
    [demo.id, title],
  );
  // Written straight to the database, not through the API: drop the overview cache by hand.
  invalidateOrg(demo.id);
  const res = await app.request("/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const html = await res.text();
  expect(html).toContain("Open alerts");
  expect(html).toContain(title);
  await s.db.query("UPDATE alerts SET resolved_at = now() WHERE title = $1", [title]);
});

dbTest(
  "alerts follow their condition: raised once, updated while it holds, resolved when it clears",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "alerts-life");
    const now = new Date();
    const hot = (heat: number) => hotSituation(org.id, org.hospital, now, heat);
    expect(await evaluateAlerts(s, hot(42))).toEqual({ raised: 1, updated: 0, resolved: 0 });
    // Worse: the same alert, updated to critical (NWS "extreme danger").
    expect(await evaluateAlerts(s, hot(52))).toEqual({ raised: 0, updated: 1, resolved: 0 });
    // No environment at all: missing data is not an all-clear, the alert stays open.
    const blind = hot(52);
    blind.hospitals[0].environment = [];
    expect(await evaluateAlerts(s, blind)).toEqual({ raised: 0, updated: 0, resolved: 0 });
    // Cool: resolved once it has stayed cool for settings.alertClearHours (3 h), not before.
    expect(await evaluateAlerts(s, hot(30))).toEqual({ raised: 0, updated: 0, resolved: 0 });
    const later = new Date(now.getTime() + 3 * 3_600_000);
    expect(await evaluateAlerts(s, hotSituation(org.id, org.hospital, later, 30))).toEqual({
      raised: 0,
      updated: 0,
      resolved: 1,
    });

    const headers = bearer(org.users.analyst.token);
    const open = await app.request("/api/alerts", { headers });
    expect(open.status).toBe(200);
    expect(
      (await open.json()).filter((a: { hospitalId: string }) => a.hospitalId === org.hospital.code),
    )
      .toEqual([]);
    const all = await app.request("/api/alerts?state=all", { headers });
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toContain("application/json");
    const mine = (await all.json()).filter((a: { hospitalId: string }) =>
      a.hospitalId === org.hospital.code
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: "heat", severity: "critical", eventId: null });
    expect(mine[0].resolvedAt).not.toBeNull();
    expect(mine[0].evidence.settings).toEqual({ heatAlertIndexC: 39 });
    expect(new Date(mine[0].endsAt).getTime() - new Date(mine[0].startsAt).getTime()).toBe(
      6 * 3_600_000,
    );
    const bad = await app.request("/api/alerts?state=closed", { headers });
    expect(bad.status).toBe(422);
    await bad.body?.cancel();
  },
);

dbTest("the /alerts page lists open and resolved alerts in the organisation's zone", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "alerts-page");
  const now = new Date();
  await evaluateAlerts(s, hotSituation(org.id, org.hospital, now, 45));
  const res = await app.request("/alerts", {
    headers: { cookie: `fs_access=${org.users.analyst.token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const html = await res.text();
  expect(html).toContain('data-island="LiveAlerts"');
  expect(html).toContain(`${org.hospital.name}: Heat index danger, up to 45 °C`);
  // The organisation's hospitals are in Los Angeles: times carry PDT or PST, never UTC.
  expect(html).toMatch(/raised \w{3} \d{1,2} \w{3}, \d{2}:\d{2} P[DS]T/);
});
