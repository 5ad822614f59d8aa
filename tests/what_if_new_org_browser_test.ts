/**
 * Issue 22: /what-if for an organisation created through the API (not the demo). The model
 * artifact /models/current.onnx must be read with the page session: it used to be skipped as a
 * "static file" and fell back to the demo organisation, so a new organisation's hospital got a 404,
 * empty charts and "nothing to do".
 */
import { expect } from "expect";
import type { Page } from "playwright-core";
import { browserTest, signInPage } from "./support/browser.ts";
import { dbTest } from "./support/services.ts";
import { browser } from "./support/form_browser.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { listHospitals } from "../models/hospitals.ts";
import { addUser, bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import { simulateOrgHistory, uploadHistory } from "./support/org_history.ts";
import { buildTestApp } from "./support/app.ts";
import { downloadFailure } from "../islands/(_what_if)/failure.ts";

const PASSWORD = "a long new-organisation password";

/** The chart's pixels, to see it redraw. */
const chartPixels = (page: Page, id: string) =>
  page.getByTestId(id).evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i += 4) h = (Math.imul(h, 31) + data[i + 3] + data[i]) | 0;
    return h;
  });

browserTest(
  "browser: /what-if as a newly created organisation in Texas — its model loads, a slider " +
    "changes the chart with no request",
  async ({ page, base, services: s }) => {
    const app = await buildTestApp(s);
    // The platform admin creates the organisation and its admin, as on a fresh install.
    const home = await makeOrg(s, "wi-home");
    const root = await addUser(s, home.id, "admin", { platformAdmin: true });
    const email = `${unique("admin")}@texas.test`;
    const created = await app.request(
      "/api/orgs",
      jsonInit("POST", {
        name: unique("Hill Country Health"),
        adminEmail: email,
        adminPassword: PASSWORD,
      }, bearer(root.token)),
    );
    expect(created.status).toBe(201);
    await created.body?.cancel();
    const login = await app.request(
      "/api/auth/login",
      jsonInit("POST", { email, password: PASSWORD }),
    );
    expect(login.status).toBe(200);
    const token = (await login.json()).accessToken as string;
    // Its hospital in Austin, 28 days of hourly arrivals up to now, an event there tonight.
    const code = unique("austin");
    const hospital = await app.request(
      "/api/hospitals",
      jsonInit("POST", {
        id: code,
        name: "Austin Central ED",
        lat: 30.27,
        lon: -97.74,
        edBeds: 30,
        staffBaseline: 12,
        timezone: "America/Chicago",
      }, bearer(token)),
    );
    expect(hospital.status).toBe(201);
    await hospital.body?.cancel();
    const rows = simulateOrgHistory({
      beds: 30,
      days: 28,
      end: new Date(),
      utcOffsetHours: -6,
      seed: 22,
    });
    expect(await uploadHistory(app, token, code, rows)).toBe(rows.length);
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 4 * 3_600_000);
    const event = await app.request(
      "/api/events",
      jsonInit("POST", {
        id: unique("zilker"),
        name: "Zilker Park Festival",
        type: "music_festival",
        lat: 30.267,
        lon: -97.77,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 10 * 3_600_000).toISOString(),
        expectedAttendance: 75_000,
        alcohol: true,
      }, bearer(token)),
    );
    expect(event.status).toBe(201);
    await event.body?.cancel();

    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await signInPage(page, base, email, PASSWORD);
    const model = page.waitForResponse((r) => new URL(r.url()).pathname === "/models/current.onnx");
    await page.goto(`${base}/what-if?hospital=${code}`);
    expect((await model).status()).toBe(200);
    await page.waitForFunction(
      () => {
        const t = document.querySelector('[data-testid="what-if-status"]')?.textContent ?? "";
        return t.startsWith("Model") || t.includes("failed");
      },
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.getByTestId("what-if-status").textContent()).toMatch(/^Model .+ loaded/);
    expect(await page.getByTestId("what-if-error").count()).toBe(0);
    const baseline = Number(await page.getByTestId("baseline-total").textContent());
    expect(baseline).toBeGreaterThan(0);
    const before = await chartPixels(page, "what-if-chart");
    const loaded = requests.length;

    const table = await page.getByTestId("hourly").textContent();
    await page.getByTestId("attendance").fill("3");
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid="hourly"]')?.textContent !== b,
      table,
      { timeout: 30_000 },
    );
    expect(Number(await page.getByTestId("scenario-total").textContent())).toBeGreaterThan(
      baseline,
    );
    await page.waitForTimeout(200);
    expect(await chartPixels(page, "what-if-chart")).not.toBe(before);
    // The recomputation happened in the browser: nothing was asked of the server.
    expect(requests.slice(loaded)).toEqual([]);
  },
);

browserTest(
  "browser: /what-if says in words why it cannot run when the model cannot be downloaded",
  async ({ page, base, services: s, errors }) => {
    const org = await makeOrg(s, "wi-fail");
    const app = await buildTestApp(s);
    const rows = simulateOrgHistory({
      beds: 30,
      days: 7,
      end: new Date(),
      utcOffsetHours: -8,
      seed: 3,
    });
    expect(await uploadHistory(app, org.users.admin.token, org.hospital.code, rows)).toBe(
      rows.length,
    );
    await page.route("**/models/current.onnx*", (r) => r.fulfill({ status: 404, body: "" }));
    await signInPage(page, base, org.users.admin.email, "correct horse battery staple");
    await page.goto(`${base}/what-if?hospital=${org.hospital.code}`);
    await page.getByTestId("what-if-error").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("what-if-error").textContent()).toContain(downloadFailure(404));
    expect(await page.getByTestId("what-if-status").textContent()).toContain("failed");
    // No empty charts and no "nothing to do" under the error.
    expect(await page.getByTestId("scenario-plan").isVisible()).toBe(false);
    expect(await page.getByTestId("what-if-chart").isVisible()).toBe(false);
    // The browser logs the refused download itself: that one is expected.
    errors.splice(0, errors.length, ...errors.filter((e) => !/404/.test(e)));
  },
);

dbTest("/models/current.onnx follows the organisation in view, as /what-if does", async (s) => {
  const app = await buildTestApp(s);
  const home = await makeOrg(s, "wi-view");
  const target = await makeOrg(s, "wi-view-target");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const b = browser(app);
  b.jar.set("fs_access", root.token);
  // A platform admin starts in the demo: its hospital's model, not a 404 from the home org.
  const [demo] = await listHospitals(s.db, (await findDemoOrgId(s.db))!);
  const own = await b.get(`/models/current.onnx?hospital=${demo.code}`);
  expect(own.status).toBe(200);
  await own.body?.cancel();
  await (await b.get("/")).body?.cancel();
  const switched = await b.post("/org-switch", {
    _csrf: b.jar.get("fs_csrf")!,
    orgId: target.id,
    next: "/what-if",
  });
  expect(switched.status).toBe(303);
  await switched.body?.cancel();
  const theirs = await b.get(`/models/current.onnx?hospital=${target.hospital.code}`);
  expect(theirs.status).toBe(200);
  expect(theirs.headers.get("cache-control")).toBe("private, no-cache");
  await theirs.body?.cancel();
  const gone = await b.get(`/models/current.onnx?hospital=${demo.code}`);
  expect(gone.status).toBe(404);
  await gone.body?.cancel();
});
