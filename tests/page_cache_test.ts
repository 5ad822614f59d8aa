/**
 * Fast pages (issue 11): rendered HTML shared per organisation, role and data generation; the
 * public demo with an ETag, a short public cache and compressed bytes; no CSRF cookie for pages
 * without forms; every viewer sees their own e-mail and token in a shared page.
 */
import { unmaskCsrf } from "../lib/auth/csrf.ts";
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, makeOrg } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import { registerHospital } from "../services/hospitals.ts";
import { systemActor } from "../services/actor.ts";
import { ORG_CACHE_TTL_MS } from "../infra/org_cache.ts";

dbTest("the anonymous overview: shared, ETag and 304, compressed, no cookie", async (s) => {
  const app = await buildTestApp(s);
  const first = await app.request("/", { headers: { "accept-encoding": "br, gzip" } });
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toContain("text/html");
  expect(first.headers.get("set-cookie")).toBeNull(); // no form, no CSRF cookie
  expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
  expect(first.headers.get("vary")).toContain("cookie");
  expect(first.headers.get("content-encoding")).toBe("br");
  const etag = first.headers.get("etag")!;
  expect(etag).toMatch(/^"[0-9a-f]+"$/);
  const packed = new Uint8Array(await first.arrayBuffer());
  const plain = await app.request("/");
  expect(plain.headers.get("content-encoding")).toBeNull();
  expect(plain.headers.get("x-page-cache")).toBe("hit");
  expect(plain.headers.get("etag")).toBe(etag);
  const html = await plain.text();
  expect(html).toContain("Desert Regional Medical Center");
  expect(packed.byteLength).toBeLessThan(new TextEncoder().encode(html).byteLength / 3);
  const again = await app.request("/", { headers: { "if-none-match": etag } });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe("");

  const login = await app.request("/login");
  expect(login.status).toBe(200);
  expect(login.headers.get("set-cookie")).toMatch(/^fs_csrf=/); // a form: the token it needs
  await login.body?.cancel();
});

dbTest("a shared page shows each viewer their own e-mail and CSRF token", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "page-cache");
  const second = await addUser(s, org.id, "coordinator");
  const a = browser(app);
  a.jar.set("fs_access", org.users.coordinator.token);
  const b = browser(app);
  b.jar.set("fs_access", second.token);
  const first = await a.get("/plans");
  expect(first.status).toBe(200);
  expect(first.headers.get("cache-control")).toBe("no-store");
  const firstHtml = await first.text();
  expect(firstHtml).toContain(org.users.coordinator.email);
  // Pages carry the CSRF token masked afresh in every answer (lib/auth/csrf.ts).
  const tokenIn = (page: string) => unmaskCsrf(page.match(/name="_csrf" value="([^"]+)"/)![1]);
  expect(tokenIn(firstHtml)).toBe(a.jar.get("fs_csrf"));
  const shared = await b.get("/plans");
  expect(shared.headers.get("x-page-cache")).toBe("hit");
  const html = await shared.text();
  expect(html).toContain(second.email);
  expect(html).not.toContain(org.users.coordinator.email);
  expect(tokenIn(html)).toBe(b.jar.get("fs_csrf"));
  expect(tokenIn(html)).not.toBe(a.jar.get("fs_csrf"));
  expect(html).not.toContain(a.jar.get("fs_csrf")!);
  expect(html).not.toContain(b.jar.get("fs_csrf")!);
  // The token is next to text a request can reflect, but masked afresh in every answer (BREACH
  // finds no repeated secret), so the signed-in page is compressed (issue 22).
  const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const packed = await app.request("/plans", { headers: { cookie, "accept-encoding": "gzip" } });
  expect(packed.headers.get("content-encoding")).toBe("gzip");
  const unpacked = await new Response(
    packed.body!.pipeThrough(new DecompressionStream("gzip")),
  ).text();
  expect(tokenIn(unpacked)).toBe(b.jar.get("fs_csrf"));
  expect(unpacked.match(/name="_csrf" value="([^"]+)"/)![1]).not.toBe(
    html.match(/name="_csrf" value="([^"]+)"/)![1],
  );

  // Another role renders its own page; a change of the organisation's data renders afresh.
  const analyst = browser(app);
  analyst.jar.set("fs_access", org.users.analyst.token);
  const other = await analyst.get("/plans");
  expect(other.headers.get("x-page-cache")).toBe("miss");
  await other.body?.cancel();
  await registerHospital(s, { ...systemActor(org.id), orgId: org.id }, {
    code: `second-${crypto.randomUUID().slice(0, 6)}`,
    name: "Cache Test Second Hospital",
    lat: 33.7,
    lon: -116.3,
    edBeds: 12,
    icuBeds: 0,
    staffBaseline: 0,
    timezone: "America/Los_Angeles",
  });
  const fresh = await a.get("/plans");
  expect(fresh.headers.get("x-page-cache")).toBe("miss");
  expect(await fresh.text()).toContain("Cache Test Second Hospital");
});

dbTest(
  "an expired page answers once more while a newer copy renders; an old one renders",
  async (s) => {
    const app = await buildTestApp(s);
    const realNow = Date.now;
    const at = (ms: number) => Date.now = () => realNow() + ms;
    try {
      const first = await app.request("/events");
      expect(first.status).toBe(200);
      await first.body?.cancel();
      at(ORG_CACHE_TTL_MS + 1_000); // just expired: served, and renewed in the background
      const stale = await app.request("/events");
      expect(stale.status).toBe(200);
      expect(stale.headers.get("x-page-cache")).toBe("stale");
      expect(await stale.text()).toContain("Event calendar");
      await new Promise((r) => setTimeout(r, 200));
      const renewed = await app.request("/events");
      expect(renewed.headers.get("x-page-cache")).toBe("hit");
      await renewed.body?.cancel();
      at(4 * ORG_CACHE_TTL_MS); // long expired: not served, rendered afresh
      const old = await app.request("/events");
      expect(old.headers.get("x-page-cache")).toBe("miss");
      await old.body?.cancel();
    } finally {
      Date.now = realNow;
    }
  },
);
