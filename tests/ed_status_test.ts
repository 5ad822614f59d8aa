/**
 * Live ED status (issue 18): a hospital reports boarders, ventilated patients and waiting times;
 * NEDOCS comes back from the API and the pages, checked against a hand-computed value; a
 * hospital reported on diversion is never shown as open; bad values are refused naming the field.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, TEST_PASSWORD, type TestUser } from "./support/accounts.ts";
import { simulateOrgHistory, uploadHistory } from "./support/org_history.ts";
import { browser } from "./support/form_browser.ts";
import { buildOrgPlans } from "../services/plans.ts";
import { evaluateAlerts } from "../services/alerts.ts";
import { levelLabels } from "../domain/readiness.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;
const HOUR = 3_600_000;

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

async function html(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  return await res.text();
}

/** The board row of one hospital (its <tr> … </tr>). */
function boardRow(page: string, name: string): string {
  const at = page.indexOf(`data-hospital="${name}"`);
  expect(at).toBeGreaterThan(-1);
  return page.slice(at, page.indexOf("</tr>", at));
}

/** NEDOCS by hand (Weiss 2004) for 30 ED beds, 300 inpatient beds and the reported inputs. */
const byHand = (patients: number) => {
  const raw = -20 + 85.8 * patients / 30 + 600 * 6 / 300 + 13.4 * 1 + 0.93 * 8 + 5.64 * 2;
  return Math.max(0, Math.round(raw * 10) / 10);
};

/** An organisation whose 30-bed hospital has 3 days of history and 300 inpatient beds. */
async function reportingOrg(s: Parameters<Parameters<typeof dbTest>[1]>[0], app: App) {
  const org = await makeOrg(s, "edstatus");
  const code = org.hospital.code;
  const admin = org.users.admin.token;
  const patch = await app.request(
    `/api/hospitals/${code}`,
    jsonInit("PATCH", { inpatientBeds: 300 }, bearer(admin)),
  );
  expect(patch.status).toBe(200);
  expect((await patch.json()).inpatientBeds).toBe(300);
  const lastHour = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
  const rows = simulateOrgHistory({
    beds: 30,
    days: 3,
    end: new Date(lastHour.getTime() + HOUR),
    utcOffsetHours: -7,
    seed: 18,
  });
  expect(await uploadHistory(app, admin, code, rows)).toBe(rows.length);
  return { org, code, admin, lastHour };
}

dbTest(
  "ED status: reported inputs give NEDOCS 127.1 (overcrowded) in the API and pages; diversion is never open",
  async (s) => {
    const app = await buildTestApp(s);
    const { org, code, lastHour } = await reportingOrg(s, app);
    // DOMAIN.md's worked example: 36 patients, 6 boarders, 1 ventilated, 8 h and 2 h → 127.1.
    const up = await app.request(
      "/api/observations",
      jsonInit("POST", {
        records: [{
          hospitalId: code,
          ts: lastHour.toISOString(),
          edArrivals: 5,
          ambulanceArrivals: 3,
          edOccupancy: 36,
          bedsAvailable: 0,
          boarders: 6,
          waitingRoom: 12,
          ventilated: 1,
          longestBoardingHours: 8,
          lastBedWaitHours: 2,
        }],
      }, bearer(org.apiKey)),
    );
    expect(up.status).toBe(200);
    expect((await up.json()).accepted).toBe(1);

    const res = await app.request(`/api/hospitals/${code}/forecast`, {
      headers: bearer(org.users.analyst.token),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const f = await res.json();
    expect(f.nedocs.score).toBe(127.1);
    expect(f.nedocs.score).toBe(byHand(36));
    expect(f.nedocs.band).toBe("overcrowded");
    expect(f.nedocs.at).toBe(lastHour.toISOString());
    expect(f.nedocs.projection.length).toBe(f.census.length);
    const census = new Map(f.census.map((c: { ts: string; mean: number }) => [c.ts, c.mean]));
    for (const p of f.nedocs.projection) {
      expect(p.score).toBe(byHand(census.get(p.ts) as number));
    }

    const b = await signIn(app, org.users.coordinator);
    const page = await html(await b.get(`/hospitals/${code}`));
    expect(page).toContain('data-nedocs="127.1"');
    expect(page).toContain("NEDOCS 127.1 · overcrowded");
    expect(page).toContain("6 boarding");
    expect(page).toContain("3 ambulance arrivals in the last 24 h");
    expect(page).toContain('data-testid="nedocs-projection"');
    expect(boardRow(await html(await b.get("/")), org.hospital.name)).toContain(
      'data-nedocs="127.1"',
    );
    expect(await html(await b.get(`/hospitals/${code}/briefing`))).toContain("NEDOCS 127.1");

    // Diversion sent with the hour's counts keeps the NEDOCS inputs the row leaves out.
    const csv = await app.request("/api/observations", {
      method: "POST",
      headers: { ...bearer(org.apiKey), "content-type": "text/csv" },
      body: "hospitalId,ts,edArrivals,edOccupancy,diversion,diversionReason\n" +
        `${code},${lastHour.toISOString()},5,36,true,"CT scanner down, trauma to Eisenhower"\n`,
    });
    expect(csv.status).toBe(200);
    expect((await csv.json()).accepted).toBe(1);
    const again = await (await app.request(`/api/hospitals/${code}/forecast`, {
      headers: bearer(org.users.analyst.token),
    })).json();
    expect(again.nedocs.score).toBe(127.1);

    const board = boardRow(await html(await b.get("/")), org.hospital.name);
    expect(board).toContain('data-testid="diversion"');
    expect(board).toContain("CT scanner down");
    expect(board).not.toContain("open");
    const wall = boardRow(await html(await b.get("/wall")), org.hospital.name);
    expect(wall).toContain("on diversion");
    expect(wall).not.toContain("open");
    for (const path of [`/hospitals/${code}`, `/hospitals/${code}/briefing`]) {
      const p = await html(await b.get(path));
      expect(p).toContain('data-testid="diversion"');
      expect(p).not.toContain("open / normal");
      expect(p).not.toContain(levelLabels.normal);
    }

    // Plans say it, and the NEDOCS band raises a `nedocs` alert (default band: overcrowded).
    const { situation } = await buildOrgPlans(s.db, org.id, new Date());
    const plan = await (await app.request(`/api/plans/latest?hospitalId=${code}`, {
      headers: bearer(org.users.analyst.token),
    })).json();
    const titles = plan.recommendations.map((r: { title: string }) => r.title);
    expect(titles.some((t: string) => t.startsWith("ED reports ambulance diversion"))).toBe(true);
    expect(titles).toContain("NEDOCS 127.1: overcrowded");
    const changes = await evaluateAlerts(s, situation);
    expect(changes.raised).toBeGreaterThanOrEqual(1);
    const alerts = await (await app.request("/api/alerts", {
      headers: bearer(org.users.analyst.token),
    })).json();
    const nedocs = alerts.find((a: { kind: string }) => a.kind === "nedocs");
    expect(nedocs.severity).toBe("high");
    expect(nedocs.title).toContain("NEDOCS");
    expect(nedocs.evidence.score).toBe(127.1);

    // Lifting diversion clears its reason; the export keeps every reported field.
    const lift = await app.request(
      "/api/observations",
      jsonInit("POST", {
        records: [{
          hospitalId: code,
          ts: lastHour.toISOString(),
          edArrivals: 5,
          ambulanceArrivals: 3,
          edOccupancy: 36,
          bedsAvailable: 0,
          diversion: false,
        }],
      }, bearer(org.apiKey)),
    );
    expect(lift.status).toBe(200);
    const row = boardRow(await html(await b.get("/")), org.hospital.name);
    expect(row).not.toContain('data-testid="diversion"');
    const exported = await app.request(
      `/api/export?file=observations.csv&from=${new Date(lastHour.getTime() - HOUR).toISOString()}`,
      { headers: bearer(org.users.admin.token) },
    );
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "hospitalId,ts,edArrivals,ambulanceArrivals,edOccupancy,bedsAvailable,boarders,waitingRoom," +
        "ventilated,longestBoardingHours,lastBedWaitHours,diversion,diversionReason",
    );
    expect(lines.find((l) => l.startsWith(`${code},${lastHour.toISOString()}`))).toBe(
      `${code},${lastHour.toISOString()},5,3,36,0,6,12,1,8,2,false,`,
    );
  },
);

dbTest("ED status: bad values are refused with 422 naming the field", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "edbad");
  const code = org.hospital.code;
  const ts = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();
  const cases: [Record<string, unknown>, string][] = [
    [{ boarders: -1 }, "records.0.boarders"],
    [{ ventilated: 1.5 }, "records.0.ventilated"],
    [{ longestBoardingHours: 1000 }, "records.0.longestBoardingHours"],
    [{ lastBedWaitHours: "2h" }, "records.0.lastBedWaitHours"],
    [{ diversion: "yes" }, "records.0.diversion"],
    [{ diversion: false, diversionReason: "CT down" }, "records.0.diversionReason"],
  ];
  for (const [fields, path] of cases) {
    const res = await app.request(
      "/api/observations",
      jsonInit("POST", {
        records: [{ hospitalId: code, ts, edArrivals: 1, ...fields }],
      }, bearer(org.apiKey)),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  }
  const csv = await app.request("/api/observations", {
    method: "POST",
    headers: { ...bearer(org.apiKey), "content-type": "text/csv" },
    body: `hospitalId,ts,edArrivals,diversion\n${code},${ts},1,maybe\n`,
  });
  expect(csv.status).toBe(422);
  expect((await csv.json()).error.details[0].path).toBe("rows.2.diversion");
  const beds = await app.request(
    `/api/hospitals/${code}`,
    jsonInit("PATCH", { inpatientBeds: 0 }, bearer(org.users.admin.token)),
  );
  expect(beds.status).toBe(422);
  expect((await beds.json()).error.details[0].path).toBe("inpatientBeds");
});
