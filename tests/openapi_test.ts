/**
 * The OpenAPI document is generated from the route definitions; here third-party tools judge it
 * (swagger-parser validates it, Redocly's recommended rules lint it) and every operation's real
 * answers are checked against what it declares, with ajv: one valid request per operation
 * (tests/support/route_fixtures.ts) against the caller's own and another organisation's rows.
 */
import { expect } from "expect";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, makeOrg } from "./support/accounts.ts";
import { routeFixtures } from "./support/route_fixtures.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { buildApiDocument } from "../lib/openapi.ts";
import { operationsOf } from "../framework/routes.ts";
import { manifest } from "../routes.gen.ts";
import type { AppState, RouteMeta } from "../lib/define.ts";

type Json = Record<string, unknown>;
// deno-lint-ignore no-explicit-any
type Doc = { paths: Record<string, Record<string, any>>; components: Json };

Deno.test("OpenAPI: swagger-parser validates the document", async () => {
  await SwaggerParser.validate(structuredClone(buildApiDocument()) as never);
});

Deno.test("OpenAPI: Redocly's recommended rules report nothing", async () => {
  const config = await createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({
    source: JSON.stringify(buildApiDocument()),
    absoluteRef: "openapi.json",
    config,
  });
  expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
});

Deno.test("OpenAPI: every operation has an operationId, parameters, responses and 4xx", () => {
  const doc = buildApiDocument() as unknown as Doc;
  const ops = operationsOf<AppState, RouteMeta>(manifest.routes);
  expect(ops.length).toBeGreaterThan(30);
  for (const { method, pattern, operation } of ops) {
    const path = pattern.replace(/:(\w+)/g, "{$1}");
    const op = doc.paths[path]?.[method.toLowerCase()];
    expect({ route: `${method} ${pattern}`, documented: Boolean(op) })
      .toEqual({ route: `${method} ${pattern}`, documented: true });
    expect(typeof op.operationId).toBe("string");
    expect(Object.keys(op.responses).some((s) => s.startsWith("4"))).toBe(true);
    const names = (op.parameters ?? []).map((p: { name: string }) => p.name);
    for (const m of pattern.matchAll(/:(\w+)/g)) expect(names).toContain(m[1]);
    if (operation.query) {
      const shape = Object.keys((operation.query as unknown as { shape?: Json }).shape ?? {});
      for (const name of shape) expect(names).toContain(name);
    }
  }
  const plans = doc.paths["/api/plans/latest"].get;
  expect(plans.parameters).toContainEqual(
    expect.objectContaining({ name: "hospitalId", in: "query", required: true }),
  );
});

/** A validator of the document's schemas: `#/components/...` refs resolve inside each schema. */
function validatorFor(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return (schema: Json, value: unknown) => {
    const validate = ajv.compile({ ...schema, components: doc.components });
    return validate(value) ? null : ajv.errorsText(validate.errors);
  };
}

dbTest("OpenAPI: every operation's answers match the declared schemas (ajv)", async (s) => {
  const app = await buildTestApp(s);
  const doc = JSON.parse(JSON.stringify(buildApiDocument())) as Doc;
  const check = validatorFor(doc);
  const own = await makeOrg(s, "oa-own");
  const other = await makeOrg(s, "oa-other");
  const home = await makeOrg(s, "oa-platform");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const mismatches: string[] = [];
  let checked = 0;
  for (const { method, pattern, operation } of operationsOf<AppState, RouteMeta>(manifest.routes)) {
    const key = `${method} ${pattern}`;
    const fixture = routeFixtures[key];
    if (!fixture) {
      mismatches.push(`${key}: no fixture`);
      continue;
    }
    const access = operation.meta.access;
    const user = access.platformAdmin ? root : own.users.admin;
    const declared = doc.paths[pattern.replace(/:(\w+)/g, "{$1}")][method.toLowerCase()];
    for (const target of [own, other]) {
      const sample = await fixture.build(s, target);
      const headers = new Headers(sample.init?.headers);
      if (!access.public) {
        const token = (await startSession(s, user)).accessToken;
        for (const [k, v] of Object.entries(bearer(token))) headers.set(k, v);
      }
      const res = await app.request(sample.path, { ...sample.init, headers });
      const response = declared.responses[String(res.status)];
      const type = (res.headers.get("content-type") ?? "").split(";")[0];
      checked++;
      if (!response) {
        mismatches.push(`${key}: status ${res.status} is not declared`);
        await res.body?.cancel();
        continue;
      }
      const content = response.content as Record<string, { schema: Json }> | undefined;
      if (!content) {
        if (res.body && res.status !== 204 && res.status !== 304) {
          mismatches.push(`${key}: ${res.status} has a body but declares none`);
        }
        await res.body?.cancel();
        continue;
      }
      if (!content[type]) {
        mismatches.push(`${key}: ${res.status} answered ${type}, declared ${Object.keys(content)}`);
        await res.body?.cancel();
        continue;
      }
      if (type !== "application/json") {
        await res.body?.cancel().catch(() => {});
        continue;
      }
      const problem = check(content[type].schema, await res.json());
      if (problem) mismatches.push(`${key} ${res.status}: ${problem}`);
    }
  }
  expect(mismatches).toEqual([]);
  expect(checked).toBe(2 * operationsOf(manifest.routes).length);
});
