/**
 * Accounts under hostile use (issue 10): adding a user whose e-mail another organisation uses
 * answered 409, telling this admin that the e-mail exists elsewhere; two concurrent
 * `POST /api/orgs` with one e-mail must not be a 500.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, jsonInit, makeOrg } from "./support/accounts.ts";

dbTest("an e-mail used in another organisation is not revealed by POST /api/users", async (s) => {
  const app = await buildTestApp(s);
  const mine = await makeOrg(s, "users-a");
  const theirs = await makeOrg(s, "users-b");
  const email = theirs.users.analyst.email; // exists in the other organisation only
  const created = await app.request(
    "/api/users",
    jsonInit(
      "POST",
      { email, password: "another long password", role: "analyst" },
      bearer(
        mine.users.admin.token,
      ),
    ),
  );
  expect(created.status).toBe(201);
  expect(created.headers.get("content-type")).toContain("application/json");
  expect((await created.json()).email).toBe(email);
  // The same e-mail twice in one organisation is still refused (the admin sees their users).
  const twice = await app.request(
    "/api/users",
    jsonInit(
      "POST",
      { email, password: "another long password", role: "analyst" },
      bearer(
        mine.users.admin.token,
      ),
    ),
  );
  expect(twice.status).toBe(409);
  expect((await twice.json()).error.details[0].path).toBe("email");
  // Each person signs in to their own organisation with their own password.
  const login = async (password: string) => {
    const res = await app.request("/api/auth/login", jsonInit("POST", { email, password }));
    expect(res.status).toBe(200);
    const me = await app.request("/api/me", {
      headers: bearer((await res.json()).accessToken),
    });
    return (await me.json()).orgId;
  };
  expect(await login("another long password")).toBe(mine.id);
  expect(await login("correct horse battery staple")).toBe(theirs.id);
});

dbTest("two concurrent POST /api/orgs with one e-mail: one 201, one 409, no 5xx", async (s) => {
  const app = await buildTestApp(s);
  const home = await makeOrg(s, "orgs-race");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const adminEmail = `${crypto.randomUUID().slice(0, 8)}@race.test`;
  const post = (name: string) =>
    app.request(
      "/api/orgs",
      jsonInit(
        "POST",
        { name, adminEmail, adminPassword: "race password 1234" },
        bearer(
          root.token,
        ),
      ),
    );
  const answers = await Promise.all([post(`race-a-${adminEmail}`), post(`race-b-${adminEmail}`)]);
  expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
  for (const r of answers) {
    expect(r.headers.get("content-type")).toContain("application/json");
    await r.body?.cancel();
  }
});
