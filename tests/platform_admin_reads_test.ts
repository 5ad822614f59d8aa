/**
 * The platform admin's reads inside another organisation are recorded in that organisation's
 * audit log (issue 21: most reads through `X-Org-Id` left no row there) — also on routes whose
 * data is not otherwise audited, and for pages viewed through the organisation switcher. The
 * same reads by the organisation's own users stay unrecorded, as before.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, makeOrg, TEST_PASSWORD } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import type { Services } from "../lib/runtime.ts";

const rowsOf = (s: Services, orgId: string, actor: string) =>
  s.db.query<{ action: string; resource: string; resourceId: string | null; outcome: string }>(
    `SELECT action, resource, resource_id AS "resourceId", outcome FROM audit_log
     WHERE chain = $1 AND actor = $2 ORDER BY id`,
    [orgId, actor],
  );

dbTest("platform admin reads through X-Org-Id leave a row in that organisation", async (s) => {
  const app = await buildTestApp(s);
  const home = await makeOrg(s, "pa-home");
  const target = await makeOrg(s, "pa-target");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const code = target.hospital.code;
  // Routes that declare no audit of their own (their data is the organisation's daily fare).
  const reads = [
    ["/api/hospitals", "hospitals", null],
    [`/api/hospitals/${code}`, "hospitals/:id", code],
    ["/api/events", "events", null],
    ["/api/settings", "settings", null],
    ["/api/models", "models", null],
  ] as const;
  for (const [path] of reads) {
    const res = await app.request(path, {
      headers: { ...bearer(root.token), "x-org-id": target.id },
    });
    expect([path, res.status]).toEqual([path, 200]);
    expect(res.headers.get("content-type")).toContain("application/json");
    await res.body?.cancel();
  }
  const rows = await rowsOf(s, target.id, root.email);
  expect(rows).toEqual(
    reads.map(([, resource, resourceId]) => ({
      action: "read",
      resource,
      resourceId,
      outcome: "ok",
    })),
  );
  // A refused read there is recorded too (the route exists, the hospital does not).
  const missing = await app.request("/api/hospitals/no-such-hospital", {
    headers: { ...bearer(root.token), "x-org-id": target.id },
  });
  expect(missing.status).toBe(404);
  await missing.body?.cancel();
  expect((await rowsOf(s, target.id, root.email)).at(-1)).toEqual({
    action: "read",
    resource: "hospitals/:id",
    resourceId: "no-such-hospital",
    outcome: "failed",
  });
  // Nothing of it lands in the admin's own organisation; the chain still verifies.
  expect(await rowsOf(s, home.id, root.email)).toEqual([]);
  // The organisation's own admin reading the same routes is not recorded (unchanged).
  for (const [path] of reads) {
    const res = await app.request(path, { headers: bearer(target.users.admin.token) });
    expect(res.status).toBe(200);
    await res.body?.cancel();
  }
  expect(await rowsOf(s, target.id, target.users.admin.email)).toEqual([]);
  const verify = await app.request("/api/audit/verify", {
    headers: bearer(target.users.admin.token),
  });
  expect(verify.status).toBe(200);
  expect((await verify.json()).ok).toBe(true);
});

dbTest("platform admin page views in a switched-to organisation are recorded there", async (s) => {
  const app = await buildTestApp(s);
  const home = await makeOrg(s, "pa-page-home");
  const target = await makeOrg(s, "pa-page-target");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const b = browser(app);
  await (await b.get("/login")).body?.cancel();
  const login = await b.post("/login", {
    _csrf: b.jar.get("fs_csrf")!,
    email: root.email,
    password: TEST_PASSWORD,
  });
  expect(login.status).toBe(303);
  const switched = await b.post("/org-switch", {
    _csrf: b.jar.get("fs_csrf")!,
    orgId: target.id,
    next: "/events",
  });
  expect(switched.status).toBe(303);
  const page = await b.get("/events");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toContain("text/html");
  await page.body?.cancel();
  const rows = await rowsOf(s, target.id, root.email);
  expect(rows.at(-1)).toEqual({
    action: "read",
    resource: "page:/events",
    resourceId: null,
    outcome: "ok",
  });
});
