import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { TEST_PASSWORD, type TestUser } from "./support/accounts.ts";
import { makeFestivalOrg } from "./support/plan_org.ts";
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

dbTest("/plans: anonymous visitors see the demo plans read-only", async (s) => {
  const app = await buildTestApp(s);
  const res = await app.request("/plans");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const html = await res.text();
  expect(html).toContain("Action plans");
  expect(html).toContain("Desert Regional Medical Center");
  expect(html).toContain("Read-only.");
  expect(html).not.toContain('action="/plans"');
  const post = await app.request("/plans", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    body: "id=x&status=done",
  });
  expect(post.status).toBe(303);
  expect(post.headers.get("location")).toBe("/login?next=%2Fplans");
});

dbTest(
  "/plans: a coordinator's form post changes the status; an analyst's is refused",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeFestivalOrg(s, "plans-page");
    const b = await signIn(app, org.users.coordinator);
    const page = await b.get("/plans");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Stage 7 ambulances at Plan Test Festival");
    expect(html).toContain('action="/plans"');
    expect(html).not.toContain("Desert Regional Medical Center"); // only their own organisation
    const id = html.match(/data-testid="recommendation" data-id="([0-9a-f-]{36})"/)![1];
    const csrf = b.jar.get("fs_csrf")!;

    const forged = await b.post("/plans", { id, status: "done" });
    expect(forged.status).toBe(403);
    await forged.body?.cancel();

    const ok = await b.post("/plans", { _csrf: csrf, id, status: "done" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/plans");
    const [row] = await s.db.query<{ status: string; updatedBy: string }>(
      `SELECT status, updated_by AS "updatedBy" FROM recommendations WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ status: "done", updatedBy: org.users.coordinator.id });
    const after = await (await b.get("/plans")).text();
    expect(after).toMatch(/plan-item plan-done/);

    const hospital = await b.get(`/hospitals/${org.hospital.code}`);
    expect(hospital.status).toBe(200);
    const hospitalHtml = await hospital.text();
    expect(hospitalHtml).toContain("Action plan");
    expect(hospitalHtml).toContain("Stage 7 ambulances at Plan Test Festival");
    expect(hospitalHtml).not.toContain('action="/plans"');

    const analyst = await signIn(app, org.users.analyst);
    const view = await analyst.get("/plans");
    expect(await view.text()).not.toContain('action="/plans"');
    const refused = await analyst.post("/plans", {
      _csrf: analyst.jar.get("fs_csrf")!,
      id,
      status: "accepted",
    });
    expect(refused.status).toBe(403);
    await refused.body?.cancel();
  },
);
