/**
 * Every API route in the manifest × every kind of caller × own/other organisation. A route in
 * the manifest without a complete definition (access rule, audit policy, schemas) or without a
 * fixture fails the test.
 */
import { expect } from "expect";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { manifest } from "../routes.gen.ts";
import { operationsOf, routeEntries } from "../framework/routes.ts";
import { isOperations } from "../framework/define.ts";
import { type Access, roles } from "../lib/access.ts";
import type { AppState, RouteMeta } from "../lib/define.ts";
import { startSession } from "../lib/auth/sessions.ts";
import type { Services } from "../lib/runtime.ts";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, makeOrg, type TestOrg, type TestUser } from "./support/accounts.ts";
import { routeFixtures } from "./support/route_fixtures.ts";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const operations = operationsOf<AppState, RouteMeta>(manifest.routes);
/** Each API operation's access rule, read from its definition beside its handler. */
const routeAccess: Record<string, Access> = Object.fromEntries(
  operations.map((o) => [`${o.method} ${o.pattern}`, o.operation.meta.access]),
);

/** "METHOD /pattern" of every API route file in the manifest. */
export function manifestApiRoutes(): string[] {
  const out: string[] = [];
  for (const e of routeEntries(manifest.routes)) {
    if (e.kind !== "page" || !e.pattern.startsWith("/api/")) continue;
    const h = e.module.handler;
    if (isOperations(h)) {
      for (const m of methods) if (h.methods[m]) out.push(`${m} ${e.pattern}`);
    } else {
      const ms = typeof h === "function" ? methods : methods.filter((m) => h && m in h);
      for (const m of ms) out.push(`${m} ${e.pattern} (no definition)`);
    }
  }
  return out.sort();
}

Deno.test("every API route has a complete definition and a matrix fixture", () => {
  const routes = manifestApiRoutes();
  expect(routes.length).toBeGreaterThan(30);
  expect(routes.filter((r) => r.endsWith("(no definition)"))).toEqual([]);
  const incomplete = operations.filter(({ operation: op }) =>
    !op.summary || !op.meta?.access || op.meta.audit === undefined ||
    !Object.keys(op.responses).some((s) => Number(s) < 300) ||
    Object.values(op.responses).some((r) => !r.schema && !r.contentType && !r.description)
  ).map((o) => `${o.method} ${o.pattern}`);
  expect(incomplete).toEqual([]);
  expect(routes.filter((r) => !routeFixtures[r])).toEqual([]);
});

type Caller =
  | { kind: "anonymous" }
  | { kind: "user"; label: string; user: TestUser; org: TestOrg }
  | { kind: "apiKey"; org: TestOrg; scope: "ingest" | "read_status"; key: string };

/** What the caller should get: 401/403 when refused, the fixture's answer when allowed. */
function expected(access: Access, caller: Caller, allowed: number): number {
  if (access.public) return allowed;
  if (caller.kind === "anonymous") return 401;
  if (caller.kind === "apiKey") return access.apiKeyScope === caller.scope ? allowed : 403;
  if (access.platformAdmin) return caller.user.platformAdmin ? allowed : 403;
  return access.roles?.includes(caller.user.role as never) ? allowed : 403;
}

async function headersFor(s: Services, caller: Caller): Promise<Record<string, string>> {
  if (caller.kind === "anonymous") return {};
  if (caller.kind === "apiKey") return { authorization: `Bearer ${caller.key}` };
  // A fresh session per request: logout in the matrix must not end the caller's later calls.
  return { authorization: `Bearer ${(await startSession(s, caller.user)).accessToken}` };
}

/** Strings that identify the other organisation's rows; none may appear in any answer. */
const markers = (o: TestOrg) => [
  o.hospital.id,
  o.hospital.code,
  o.event.id,
  o.event.code,
  o.users.admin.email,
  o.users.analyst.id,
];

dbTest("access matrix: every API route × every role × own/other organisation", async (s) => {
  const app = await buildTestApp(s);
  const own = await makeOrg(s, "matrix-own");
  const other = await makeOrg(s, "matrix-other");
  const platformHome = await makeOrg(s, "matrix-platform");
  const root = await addUser(s, platformHome.id, "admin", { platformAdmin: true });
  const callers: Caller[] = [
    { kind: "anonymous" },
    ...roles.map((r) => ({ kind: "user" as const, label: r, user: own.users[r], org: own })),
    { kind: "user", label: "platform-admin", user: root, org: platformHome },
    { kind: "apiKey", org: own, scope: "ingest", key: own.apiKey },
    {
      kind: "apiKey",
      org: own,
      scope: "read_status",
      key: (await createApiKey(s.db, {
        orgId: own.id,
        name: "matrix status board",
        scopes: ["read_status"],
        createdBy: null,
      })).key,
    },
  ];
  const failures: string[] = [];
  let checked = 0;
  for (const key of manifestApiRoutes()) {
    const access = routeAccess[key];
    const fixture = routeFixtures[key];
    if (!access || !fixture) continue; // reported by the test above
    for (const caller of callers) {
      const home = caller.kind === "anonymous" ? own : caller.org;
      const foreign = home === other ? own : other;
      for (const target of ["own", "other"] as const) {
        const sample = await fixture.build(s, target === "own" ? home : foreign);
        const headers = new Headers(sample.init?.headers);
        for (const [k, v] of Object.entries(await headersFor(s, caller))) headers.set(k, v);
        const res = await app.request(sample.path, { ...sample.init, headers });
        const want = expected(access, caller, target === "own" ? fixture.own : fixture.other);
        const who = caller.kind === "user"
          ? caller.label
          : caller.kind === "apiKey"
          ? `apiKey(${caller.scope})`
          : caller.kind;
        const text = await res.text();
        checked++;
        if (res.status !== want) {
          failures.push(
            `${key} as ${who} on ${target}: ${res.status} (want ${want}) ${text.slice(0, 160)}`,
          );
          continue;
        }
        const type = res.status < 300 && fixture.contentType
          ? fixture.contentType
          : "application/json";
        if (
          !(res.headers.get("content-type") ?? "").includes(type) &&
          res.status !== 204
        ) {
          failures.push(
            `${key} as ${who} on ${target}: content-type ${res.headers.get("content-type")}`,
          );
        }
        const leaked = markers(foreign).filter((m) => text.includes(m));
        if (leaked.length) {
          failures.push(`${key} as ${who} on ${target}: leaked ${leaked.join(", ")}`);
        }
      }
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBe(
    manifestApiRoutes().filter((r) => routeFixtures[r]).length * callers.length * 2,
  );
});

dbTest("a route without a definition is refused (fail closed)", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "closed");
  for (const [method, path] of [["GET", "/api/not-declared"], ["PUT", "/api/hospitals/x"]]) {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${org.users.admin.token}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect((await res.json()).error.code).toBe("not_found");
  }
});
