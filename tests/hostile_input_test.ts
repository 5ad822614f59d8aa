/**
 * The input findings of issue 10, each reproduced: every one answered 500 (or redirected
 * off-site, or read a whole 50 MB body) before; now each is a 4xx in the contract's shape.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import { safeNext } from "../lib/auth/page_forms.ts";

/** Status, JSON content type and the contract error shape of an API refusal. */
async function expectApiError(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await res.json();
  expect(typeof body.error.code).toBe("string");
  expect(typeof body.error.message).toBe("string");
  return body.error as { code: string; details?: { path: string; message: string }[] };
}

dbTest("NUL and unpaired surrogates in body, path and query are 4xx, never 500", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "nul");
  const auth = bearer(org.users.admin.token);
  // Anonymous login with a NUL in the e-mail: PostgreSQL refuses NUL in text (was a 500).
  const login = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: "a\u0000@b.test", password: "x" }),
  );
  const e1 = await expectApiError(login, 422);
  expect(e1.details?.[0].path).toBe("email");
  const lone = await app.request(
    "/api/hospitals",
    jsonInit("POST", { id: "h1", name: "bad \ud800", lat: 1, lon: 1, edBeds: 1 }, auth),
  );
  expect((await expectApiError(lone, 422)).details?.[0].message).toContain("surrogates");
  const path = await app.request("/api/hospitals/x%00y", { headers: auth });
  expect((await expectApiError(path, 400)).code).toBe("invalid_path");
  const query = await app.request("/api/audit?actor=a%00b", { headers: auth });
  expect((await expectApiError(query, 400)).code).toBe("invalid_query");
  const form = await browser(app).post("/login", { email: "a\u0000b", password: "x" });
  expect(form.status).toBe(422);
  expect(form.headers.get("content-type")).toContain("text/html");
  await form.body?.cancel();
});

dbTest("36-character non-UUIDs and year-0000 dates are 4xx", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "uuid");
  const auth = bearer(org.users.admin.token);
  for (const id of ["-".repeat(36), "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "0".repeat(36)]) {
    const user = await app.request(
      `/api/users/${id}`,
      jsonInit("PATCH", { role: "analyst" }, auth),
    );
    await expectApiError(user, 404);
    const key = await app.request(`/api/api-keys/${id}`, { method: "DELETE", headers: auth });
    await expectApiError(key, 404);
  }
  const org0 = await app.request("/api/me", {
    headers: { ...auth, "x-org-id": "-".repeat(36) },
  });
  expect(org0.status).toBe(200); // only the platform admin's X-Org-Id counts
  await org0.body?.cancel();
  const event = await app.request(
    "/api/events",
    jsonInit("POST", {
      id: "y0",
      name: "Year zero",
      type: "fair",
      lat: 33.7,
      lon: -116.2,
      startsAt: "0000-01-01T00:00:00Z",
      endsAt: "0000-01-02T00:00:00Z",
      expectedAttendance: 10,
    }, auth),
  );
  expect((await expectApiError(event, 422)).details?.[0].path).toBe("startsAt");
  const audit = await app.request("/api/audit?from=0000-01-01T00:00:00Z", { headers: auth });
  await expectApiError(audit, 422);
});

dbTest("malformed percent-encoding on page and API paths is 400, not 500", async (s) => {
  const app = await buildTestApp(s);
  for (const path of ["/hospitals/%E0%A4%A", "/%FF", "/events/%", "/static/%c0%af.js"]) {
    const res = await app.request(path);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
    await res.body?.cancel();
  }
  await expectApiError(await app.request("/api/hospitals/%E0%A4%A"), 400);
});

Deno.test("safeNext keeps redirects on this site", () => {
  for (
    const evil of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "https://evil.example",
      " /x",
      "/x\r\nSet-Cookie: a=b",
      // Normalised before the check (issue 21): each resolves to the path //evil.example.
      "/.//evil.example",
      "/a/..//evil.example",
      "/%2e//evil.example",
      "/././/evil.example",
    ]
  ) expect([evil, safeNext(evil)]).toEqual([evil, "/"]);
  expect(safeNext("/events?x=1#top")).toBe("/events?x=1#top");
  expect(safeNext("/what-if?h=a b")).toBe("/");
  expect(safeNext("/hospitals/é")).toBe("/hospitals/%C3%A9");
});

dbTest("/login?next=/%09/evil.example and CR/LF in next stay on-site", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "redirect");
  const b = browser(app);
  const page = await b.get("/login?next=/%09/evil.example");
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('name="next" value="/"');
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1];
  for (const next of ["/\t/evil.example", "/x\r\nLocation: https://evil.example", "/\\evil"]) {
    const res = await b.post("/login", {
      _csrf: csrf,
      email: org.users.analyst.email,
      password: "correct horse battery staple",
      next,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
  }
});

/** A body of `total` bytes sent in 64 KB chunks as they are pulled; counts what was read. */
function chunkedBody(total: number) {
  const chunk = new TextEncoder().encode("a=" + "x".repeat(64 * 1024 - 2));
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (counter.pulled >= total) return ctl.close();
      counter.pulled += chunk.byteLength;
      ctl.enqueue(chunk);
    },
  });
  return { stream, counter };
}

dbTest("a 50 MB chunked form to /login is refused with 413 after at most the limit", async (s) => {
  const app = await buildTestApp(s);
  const { stream, counter } = chunkedBody(50 * 1024 * 1024);
  const res = await app.request("/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    body: stream,
  });
  expect(res.status).toBe(413);
  expect(res.headers.get("content-type")).toContain("text/html");
  await res.body?.cancel();
  expect(counter.pulled).toBeLessThan(1024 * 1024);
  // A lying Content-Length does not help either: the stream is counted, not the header.
  const second = chunkedBody(50 * 1024 * 1024);
  const api = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": "10" },
    body: second.stream,
  });
  await expectApiError(api, 413);
  expect(second.counter.pulled).toBeLessThan(7 * 1024 * 1024);
});
