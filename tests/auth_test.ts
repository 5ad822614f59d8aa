import { expect } from "expect";
import { PAIR_FREE_FAILURES } from "../lib/auth/login_guard.ts";
import { SignJWT } from "jose";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, jsonInit, makeOrg, TEST_PASSWORD } from "./support/accounts.ts";
import { jwtKeys } from "../lib/auth/secrets.ts";
import { ensurePlatformAdmin } from "../lib/auth/platform_admin.ts";
import { verifyPassword } from "../lib/auth/passwords.ts";
import type { Db } from "../infra/db.ts";

const b64url = (o: unknown) =>
  btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}
const cookieHeader = (c: Record<string, string>) =>
  Object.entries(c).map(([k, v]) => `${k}=${v}`).join("; ");

dbTest("login returns a token pair and httpOnly SameSite cookies; /api/me answers", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "login");
  const res = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: org.users.analyst.email.toUpperCase(), password: TEST_PASSWORD }),
  );
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await res.json();
  expect(body).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
  expect(body.accessToken.split(".")).toHaveLength(3);
  expect(body.refreshToken.length).toBeGreaterThan(30);
  const setCookies = res.headers.getSetCookie();
  const access = setCookies.find((c) => c.startsWith("fs_access="))!;
  expect(access).toContain("HttpOnly");
  expect(access).toContain("SameSite=Lax");
  expect(access).not.toContain("Secure"); // plain http on localhost only
  expect(setCookies.find((c) => c.startsWith("fs_csrf="))).not.toContain("HttpOnly");
  const me = await app.request("/api/me", { headers: bearer(body.accessToken) });
  expect(me.status).toBe(200);
  expect(me.headers.get("content-type")).toContain("application/json");
  expect(await me.json()).toEqual({
    id: org.users.analyst.id,
    email: org.users.analyst.email,
    role: "analyst",
    orgId: org.id,
    platformAdmin: false,
  });
  // The refresh token is stored only as a hash.
  const stored = await s.db.query("SELECT 1 FROM sessions WHERE token_hash = $1", [
    body.refreshToken,
  ]);
  expect(stored).toHaveLength(0);
});

dbTest("cookies are Secure and HSTS is sent outside localhost", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "secure");
  const res = await app.request(
    "https://festsafe.example/api/auth/login",
    jsonInit("POST", { email: org.users.analyst.email, password: TEST_PASSWORD }),
  );
  expect(res.status).toBe(200);
  for (const c of res.headers.getSetCookie()) expect(c).toContain("Secure");
  expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  const local = await app.request("/healthz");
  expect(local.headers.get("strict-transport-security")).toBeNull();
  await local.body?.cancel();
});

dbTest("wrong password and unknown e-mail get the same 401", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "wrongpw");
  const a = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: org.users.admin.email, password: "not the password" }),
  );
  const b = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: "nobody-here@test.festsafe.local", password: "whatever it is" }),
  );
  expect(a.status).toBe(401);
  expect(b.status).toBe(401);
  expect(a.headers.get("content-type")).toContain("application/json");
  expect(await a.json()).toEqual(await b.json());
});

dbTest(
  "tokens with alg none, a wrong key, a tampered payload or past expiry get 401",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "jwt");
    const good = org.users.analyst.token;
    const [header, payload, signature] = good.split(".");
    const claims = JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
    const [key] = await jwtKeys(s.db, s.config);

    const none = `${b64url({ alg: "none", typ: "JWT", kid: key.kid })}.${payload}.`;
    const wrongKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: key.kid })
      .sign(new TextEncoder().encode("x".repeat(48)));
    const tampered = `${header}.${b64url({ ...claims, role: "admin" })}.${signature}`;
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: key.kid })
      .sign(key.key);

    const ok = await app.request("/api/me", { headers: bearer(good) });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
    for (const [name, token] of Object.entries({ none, wrongKey, tampered, expired })) {
      const res = await app.request("/api/me", { headers: bearer(token) });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(res.headers.get("content-type")).toContain("application/json");
      const body = await res.json();
      expect(body.error.code).toBe("unauthorized");
      if (name === "expired") expect(body.error.message).toContain("expired");
    }
    // Tampering is also refused where it would have granted more (admin-only route).
    const users = await app.request("/api/users", { headers: bearer(tampered) });
    expect(users.status).toBe(401);
    await users.body?.cancel();
  },
);

dbTest("refresh rotates; reusing a used refresh token revokes the whole family", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "refresh");
  const login = await (await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: org.users.coordinator.email, password: TEST_PASSWORD }),
  )).json();
  const first = await app.request(
    "/api/auth/refresh",
    jsonInit("POST", { refreshToken: login.refreshToken }),
  );
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toContain("application/json");
  const second = await first.json();
  expect(second.refreshToken).not.toBe(login.refreshToken);
  const me = await app.request("/api/me", { headers: bearer(second.accessToken) });
  expect(me.status).toBe(200);
  await me.body?.cancel();

  const reuse = await app.request(
    "/api/auth/refresh",
    jsonInit("POST", { refreshToken: login.refreshToken }),
  );
  expect(reuse.status).toBe(401);
  expect((await reuse.json()).error.code).toBe("invalid_refresh_token");
  // The whole family is dead: the newest refresh token and the access tokens issued from it.
  const next = await app.request(
    "/api/auth/refresh",
    jsonInit("POST", { refreshToken: second.refreshToken }),
  );
  expect(next.status).toBe(401);
  await next.body?.cancel();
  for (const token of [login.accessToken, second.accessToken]) {
    const res = await app.request("/api/me", { headers: bearer(token) });
    expect(res.status).toBe(401);
    await res.body?.cancel();
  }
  // Another login of the same user is a different family and still works.
  const other = await app.request("/api/me", { headers: bearer(org.users.coordinator.token) });
  expect(other.status).toBe(200);
  await other.body?.cancel();
});

dbTest("wrong passwords lock that account from that client for a while, not others", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "lockout");
  const victim = org.users.organizer.email;
  for (let i = 0; i < PAIR_FREE_FAILURES; i++) {
    const res = await app.request(
      "/api/auth/login",
      jsonInit("POST", { email: victim, password: `wrong password ${i}` }),
    );
    expect(res.status).toBe(401);
    await res.body?.cancel();
  }
  const locked = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: victim, password: TEST_PASSWORD }),
  );
  expect(locked.status).toBe(429);
  expect(locked.headers.get("content-type")).toContain("application/json");
  expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await locked.json()).error.code).toBe("too_many_attempts");
  const other = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: org.users.analyst.email, password: TEST_PASSWORD }),
  );
  expect(other.status).toBe(200);
  await other.body?.cancel();
});

dbTest("logout revokes the session's access and refresh tokens", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "logout");
  const login = await (await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: org.users.analyst.email, password: TEST_PASSWORD }),
  )).json();
  const out = await app.request("/api/auth/logout", {
    method: "POST",
    headers: bearer(login.accessToken),
  });
  expect(out.status).toBe(204);
  expect(out.headers.getSetCookie().some((c) => c.startsWith("fs_access=;"))).toBe(true);
  const me = await app.request("/api/me", { headers: bearer(login.accessToken) });
  expect(me.status).toBe(401);
  await me.body?.cancel();
  const refresh = await app.request(
    "/api/auth/refresh",
    jsonInit("POST", { refreshToken: login.refreshToken }),
  );
  expect(refresh.status).toBe(401);
  await refresh.body?.cancel();
});

dbTest("cookie sessions need the CSRF token and the same origin on unsafe methods", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "csrf");
  const login = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: org.users.organizer.email, password: TEST_PASSWORD }),
  );
  const jar = cookiesOf(login);
  await login.body?.cancel();
  const cookie = cookieHeader(jar);
  const read = await app.request("/api/events", { headers: { cookie } });
  expect(read.status).toBe(200);
  await read.body?.cancel();
  const event = {
    id: "csrf-test",
    name: "CSRF test",
    type: "concert",
    lat: 33.7,
    lon: -116.3,
    startsAt: "2025-05-01T18:00:00Z",
    endsAt: "2025-05-01T23:00:00Z",
    expectedAttendance: 1000,
  };
  const without = await app.request("/api/events", jsonInit("POST", event, { cookie }));
  expect(without.status).toBe(403);
  expect((await without.json()).error.code).toBe("csrf_failed");
  const foreign = await app.request(
    "/api/events",
    jsonInit("POST", event, {
      cookie,
      "x-csrf-token": jar.fs_csrf,
      origin: "https://evil.example",
    }),
  );
  expect(foreign.status).toBe(403);
  await foreign.body?.cancel();
  const rows = await s.db.query("SELECT 1 FROM events WHERE org_id = $1 AND code = 'csrf-test'", [
    org.id,
  ]);
  expect(rows).toHaveLength(0);
  const ok = await app.request(
    "/api/events",
    jsonInit("POST", event, { cookie, "x-csrf-token": jar.fs_csrf, origin: "http://localhost" }),
  );
  expect(ok.status).toBe(201);
  expect((await ok.json()).id).toBe("csrf-test");
});

dbTest("a disabled user's tokens stop working at once", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "disable");
  const res = await app.request(
    `/api/users/${org.users.analyst.id}`,
    jsonInit("PATCH", { disabled: true }, bearer(org.users.admin.token)),
  );
  expect(res.status).toBe(200);
  expect((await res.json()).disabled).toBe(true);
  const me = await app.request("/api/me", { headers: bearer(org.users.analyst.token) });
  expect(me.status).toBe(401);
  await me.body?.cancel();
  const login = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: org.users.analyst.email, password: TEST_PASSWORD }),
  );
  expect(login.status).toBe(401);
  await login.body?.cancel();
});

dbTest("the platform admin creates organisations whose admins can sign in", async (s) => {
  const app = await buildTestApp(s);
  const home = await makeOrg(s, "platform");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const name = `Org ${crypto.randomUUID()}`;
  const adminEmail = `${crypto.randomUUID().slice(0, 8)}@new-org.test`;
  const body = { name, adminEmail, adminPassword: "a long enough password" };
  const denied = await app.request(
    "/api/orgs",
    jsonInit("POST", body, bearer(home.users.admin.token)),
  );
  expect(denied.status).toBe(403);
  await denied.body?.cancel();
  const created = await app.request("/api/orgs", jsonInit("POST", body, bearer(root.token)));
  expect(created.status).toBe(201);
  expect(created.headers.get("content-type")).toContain("application/json");
  const org = await created.json();
  expect(org).toMatchObject({ name, admin: { email: adminEmail, role: "admin" } });
  const again = await app.request("/api/orgs", jsonInit("POST", body, bearer(root.token)));
  expect(again.status).toBe(409);
  await again.body?.cancel();
  const login = await app.request(
    "/api/auth/login",
    jsonInit("POST", { email: adminEmail, password: body.adminPassword }),
  );
  expect(login.status).toBe(200);
  const me = await app.request("/api/me", { headers: bearer((await login.json()).accessToken) });
  expect((await me.json()).orgId).toBe(org.id);
});

dbTest("first start creates the platform admin and prints a generated password once", async (s) => {
  // Runs inside a transaction that is rolled back, with existing platform admins hidden, so
  // that the shared database is left as it was.
  const printed: string[] = [];
  const rollback = new Error("rollback");
  await s.db.transaction(async (tx) => {
    await tx.query("UPDATE users SET is_platform_admin = false WHERE is_platform_admin");
    const inTx = { ...s.db, query: tx.query, exec: tx.exec, transaction: (fn) => fn(tx) } as Db;
    const email = `${crypto.randomUUID().slice(0, 8)}@platform.test`;
    const config = { ...s.config, FESTSAFE_ADMIN_EMAIL: email, FESTSAFE_ADMIN_PASSWORD: undefined };
    const first = await ensurePlatformAdmin(inTx, config, (l) => printed.push(l));
    expect(first.created).toBe(true);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(email);
    expect(printed[0]).toContain(first.generatedPassword!);
    const [row] = await tx.query<{ password_hash: string; role: string }>(
      "SELECT password_hash, role FROM users WHERE email = $1 AND is_platform_admin",
      [email],
    );
    expect(row.role).toBe("admin");
    expect(row.password_hash).not.toContain(first.generatedPassword!);
    expect(await verifyPassword(first.generatedPassword!, row.password_hash)).toBe(true);
    const second = await ensurePlatformAdmin(inTx, config, (l) => printed.push(l));
    expect(second.created).toBe(false);
    expect(printed).toHaveLength(1);
    throw rollback;
  }).catch((err) => {
    if (err !== rollback) throw err;
  });
});
