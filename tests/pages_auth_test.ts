import { expect } from "expect";
import { unmaskCsrf } from "../lib/auth/csrf.ts";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, makeOrg, TEST_PASSWORD } from "./support/accounts.ts";
import { operationsOf } from "../framework/routes.ts";
import { manifest } from "../routes.gen.ts";
import { browser } from "./support/form_browser.ts";

dbTest("pages carry CSP, frame denial and nosniff; no inline scripts", async (s) => {
  const app = await buildTestApp(s);
  const res = await app.request("/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  const csp = res.headers.get("content-security-policy")!;
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline' 'self'; script");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  const html = await res.text();
  expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
  const api = await app.request("/api/openapi.json");
  expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  await api.body?.cancel();
});

dbTest(
  "login form works without JavaScript; the session shows the user's own organisation",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "pages");
    const b = browser(app);
    const form = await b.get("/login?next=/events");
    expect(form.status).toBe(200);
    expect(form.headers.get("content-type")).toContain("text/html");
    const html = await form.text();
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1];
    // The page carries the cookie's token masked (lib/auth/csrf.ts: pages can be compressed).
    expect(unmaskCsrf(csrf)).toBe(b.jar.get("fs_csrf"));
    expect(csrf).not.toBe(b.jar.get("fs_csrf"));

    const forged = await b.post("/login", {
      email: org.users.admin.email,
      password: TEST_PASSWORD,
    });
    expect(forged.status).toBe(403);
    await forged.body?.cancel();

    const wrong = await b.post("/login", {
      _csrf: csrf,
      email: org.users.admin.email,
      password: "nope nope",
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("e-mail or password is wrong");

    const ok = await b.post("/login", {
      _csrf: csrf,
      email: org.users.admin.email,
      password: TEST_PASSWORD,
      next: "/events",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/events");
    expect(b.jar.has("fs_access")).toBe(true);

    const home = await b.get("/");
    expect(home.status).toBe(200);
    const page = await home.text();
    expect(page).toContain(org.users.admin.email);
    expect(page).toContain(org.hospital.name);
    expect(page).not.toContain("Desert Regional Medical Center"); // the demo org is not theirs

    const evil = await b.post("/login", {
      _csrf: csrf,
      email: org.users.admin.email,
      password: TEST_PASSWORD,
      next: "//evil.example",
    });
    expect(evil.headers.get("location")).toBe("/");

    const out = await b.post("/logout", { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(b.jar.has("fs_access")).toBe(false);
    const after = await b.get("/");
    expect(await after.text()).toContain("Desert Regional Medical Center");
  },
);

dbTest("admin page: admins manage users and keys; others are refused", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "adminpage");
  const anon = await app.request("/admin");
  expect(anon.status).toBe(303);
  expect(anon.headers.get("location")).toBe("/login?next=%2Fadmin");

  const analyst = browser(app);
  analyst.jar.set("fs_access", org.users.analyst.token);
  const refused = await analyst.get("/admin");
  expect(refused.status).toBe(403);
  expect(refused.headers.get("content-type")).toContain("text/html");
  await refused.body?.cancel();

  const admin = browser(app);
  admin.jar.set("fs_access", org.users.admin.token);
  const page = await admin.get("/admin");
  expect(page.status).toBe(200);
  const html = await page.text();
  for (const id of ['id="users"', 'id="api-keys"']) expect(html).toContain(id);
  expect(html).toContain(org.users.analyst.email);
  const audit = await admin.get("/admin/audit");
  expect(audit.status).toBe(200);
  const auditHtml = await audit.text();
  expect(auditHtml).toContain('id="audit"');
  expect(auditHtml).toContain("Hash chain intact");
  const csrf = admin.jar.get("fs_csrf")!;

  const created = await admin.post("/admin", {
    _csrf: csrf,
    action: "create_key",
    name: "lab system",
  });
  expect(created.status).toBe(200);
  const shown = (await created.text()).match(/<code>(fsk_[A-Za-z0-9_-]+)<\/code>/)![1];
  const again = await (await admin.get("/admin")).text();
  expect(again).toContain("lab system");
  expect(again).not.toContain(shown);
  const used = await app.request("/api/observations", {
    method: "POST",
    headers: { authorization: `Bearer ${shown}`, "content-type": "application/json" },
    body: JSON.stringify({ records: [] }),
  });
  expect(used.status).toBe(422); // authenticated: refused only for the empty upload
  await used.body?.cancel();

  const email = `${crypto.randomUUID().slice(0, 8)}@admin-page.test`;
  const added = await admin.post("/admin", {
    _csrf: csrf,
    action: "create_user",
    email,
    password: "a good long password",
    role: "organizer",
  });
  expect(added.status).toBe(303);
  expect(await (await admin.get("/admin")).text()).toContain(email);
});

dbTest("OpenAPI document covers every route in the access table; /docs renders it", async (s) => {
  const app = await buildTestApp(s);
  const res = await app.request("/api/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  for (const { method, pattern: path } of operationsOf(manifest.routes)) {
    const key = `${method} ${path}`;
    const op = doc.paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
    expect({ key, documented: Boolean(op) }).toEqual({ key, documented: true });
  }
  const create = doc.paths["/api/events"].post.requestBody.content["application/json"].schema;
  const ref = create.$ref.replace("#/components/schemas/", "");
  expect(doc.components.schemas[ref].required).toContain("startsAt");
  expect(doc.components.schemas[ref].additionalProperties).toBe(false);
  expect(doc.paths["/api/observations"].post.requestBody.content["text/csv"]).toBeDefined();
  const page = await app.request("/docs");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toContain("text/html");
  const html = await page.text();
  expect(html).toContain("/api/hospitals/{id}");
  expect(html).toContain("/api/openapi.json");
});

dbTest("admin page: the settings form and webhooks use the same services as the API", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "admin-settings");
  const admin = browser(app);
  admin.jar.set("fs_access", org.users.admin.token);
  const page = await admin.get("/admin");
  expect(page.status).toBe(200);
  const html = await page.text();
  for (const id of ['id="settings"', 'id="webhooks"']) expect(html).toContain(id);
  expect(html).toContain("Title 22");
  const csrf = admin.jar.get("fs_csrf")!;
  const saved = await admin.post("/admin", {
    _csrf: csrf,
    action: "update_settings",
    patientsPerNurse: "5",
    maxSurgeShare: "",
    shiftStartHours: "6, 18",
    timezone: "America/Phoenix",
    estimateLengthOfStay: "false",
  });
  expect(saved.status).toBe(303);
  await saved.body?.cancel();
  const api = await app.request("/api/settings", { headers: bearer(org.users.analyst.token) });
  expect(await api.json()).toMatchObject({
    patientsPerNurse: 5,
    maxSurgeShare: 0.2,
    shiftStartHours: [6, 18],
    timezone: "America/Phoenix",
    estimateLengthOfStay: false,
  });
  const bad = await admin.post("/admin", {
    _csrf: csrf,
    action: "update_settings",
    maxSurgeShare: "0.9",
  });
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain("maxSurgeShare");
  const hook = await admin.post("/admin", {
    _csrf: csrf,
    action: "create_webhook",
    url: "http://127.0.0.1:9/admin-hook",
    secret: "admin-page-secret-0123",
  });
  expect(hook.status).toBe(303);
  await hook.body?.cancel();
  const after = await (await admin.get("/admin")).text();
  expect(after).toContain("http://127.0.0.1:9/admin-hook");
  expect(after).not.toContain("admin-page-secret-0123");
  expect(after).toContain("…0123");
});
