/**
 * The platform admin's organisation switcher (issue 11): the demo by default, any organisation
 * on request (CSRF-checked, audited in that organisation's chain), the same organisation for the
 * pages and for the API called with the session cookie; an empty organisation gets a helpful
 * empty state instead of a map.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, makeOrg, TEST_PASSWORD, type TestUser } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import { findDemoOrgId } from "../models/orgs.ts";

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

dbTest(
  "org switcher: the platform admin starts in the demo and works inside any organisation",
  async (s) => {
    const app = await buildTestApp(s);
    const home = await makeOrg(s, "switch-home");
    const target = await makeOrg(s, "switch-target");
    const root = await addUser(s, home.id, "admin", { platformAdmin: true });
    const b = await signIn(app, root);

    const first = await b.get("/");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/html");
    const html = await first.text();
    expect(html).toContain("Desert Regional Medical Center"); // the demo, not the empty home org
    expect(html).toContain('action="/org-switch"');
    expect(html).toContain(target.name);
    expect(html).toContain("About the demo data");

    const forged = await b.post("/org-switch", { orgId: target.id, next: "/" });
    expect(forged.status).toBe(403);
    await forged.body?.cancel();
    const csrf = b.jar.get("fs_csrf")!;
    const bogus = await b.post("/org-switch", { _csrf: csrf, orgId: crypto.randomUUID() });
    expect(bogus.status).toBe(404);
    await bogus.body?.cancel();

    const switched = await b.post("/org-switch", {
      _csrf: csrf,
      orgId: target.id,
      next: "/events",
    });
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/events");
    expect(b.jar.get("fs_org")).toBe(target.id);
    const [audit] = await s.db.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_log WHERE org_id = $1 AND resource = 'orgs'
     ORDER BY id DESC LIMIT 1`,
      [target.id],
    );
    expect(audit).toEqual({ actor: root.email, action: "switch" });

    const inside = await (await b.get("/")).text();
    expect(inside).toContain(target.hospital.name);
    expect(inside).not.toContain("Desert Regional Medical Center");
    expect(inside).not.toContain("About the demo data");
    // The API called with the session cookie acts in the same organisation as the pages.
    const api = await b.get("/api/hospitals");
    expect(api.status).toBe(200);
    expect(api.headers.get("content-type")).toContain("application/json");
    expect((await api.json()).map((h: { id: string }) => h.id)).toEqual([target.hospital.code]);

    // Anyone else's cookie choice is ignored: they stay in their own organisation.
    const analyst = await signIn(app, target.users.analyst);
    analyst.jar.set("fs_org", home.id);
    expect(await (await analyst.get("/")).text()).toContain(target.hospital.name);
    const refused = await analyst.post("/org-switch", {
      _csrf: analyst.jar.get("fs_csrf")!,
      orgId: home.id,
    });
    expect(refused.status).toBe(403);
    await refused.body?.cancel();

    const out = await b.post("/logout", { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(b.jar.has("fs_org")).toBe(false);
  },
);

dbTest("an organisation without hospitals shows an empty state, not a map", async (s) => {
  const app = await buildTestApp(s);
  const [{ id }] = await s.db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [`empty-${crypto.randomUUID().slice(0, 8)}`],
  );
  const admin = await addUser(s, id, "admin");
  const b = await signIn(app, admin);
  const res = await b.get("/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const html = await res.text();
  expect(html).toContain('data-testid="empty-state"');
  expect(html).toContain('href="/hospitals/new"');
  expect(html).not.toContain('data-island="RegionMap"');
  expect(html).not.toContain("About the demo data");
  expect(await findDemoOrgId(s.db)).not.toBe(id);
});
