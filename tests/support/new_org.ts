/** A new organisation made through the public API (platform admin → POST /api/orgs → sign-in). */
import { addUser, bearer, jsonInit, TEST_PASSWORD, unique } from "./accounts.ts";
import { insertOrg } from "../../models/orgs.ts";
import type { Services } from "../../lib/runtime.ts";
import type { buildTestApp } from "./app.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** Throws with the body unless the status is the expected one; returns the JSON body. */
export async function json<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`${res.status}: ${await res.text()}`);
  return await res.json() as T;
}

/** Creates an organisation and returns its admin's authorization header. */
export async function newOrgAdmin(s: Services, app: App, label: string) {
  const home = await insertOrg(s.db, unique(`${label}-platform`));
  const root = await addUser(s, home!.id, "admin", { platformAdmin: true });
  const adminEmail = `${unique("admin")}@${label}.test`;
  await json(
    await app.request(
      "/api/orgs",
      jsonInit(
        "POST",
        { name: unique(label), adminEmail, adminPassword: TEST_PASSWORD },
        bearer(root.token),
      ),
    ),
    201,
  );
  const { accessToken } = await json<{ accessToken: string }>(
    await app.request(
      "/api/auth/login",
      jsonInit("POST", { email: adminEmail, password: TEST_PASSWORD }),
    ),
  );
  return bearer(accessToken);
}
