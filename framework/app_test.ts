/** The framework on its own: a tiny manifest with a page, an API route and a policy. */
import { expect } from "expect";
import { z } from "zod";
import { h } from "preact";
import { createDefine } from "./define.ts";
import { createFrameworkApp } from "./app.ts";
import { buildOpenApi } from "./openapi.ts";
import { operationsOf } from "./routes.ts";
import { HttpError } from "./http_error.ts";
import type { Manifest } from "./types.ts";

interface State {
  who?: string;
}
interface Meta {
  role: "public" | "member";
}
const define = createDefine<State, Meta>();

const items = define.api({
  GET: define.operation({
    summary: "List items",
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(5).default(2) }),
    responses: { 200: { schema: z.array(z.object({ n: z.number() })) } },
    meta: { role: "public" },
    handler: (ctx) => Array.from({ length: ctx.query.limit }, (_, n) => ({ n })),
  }),
  POST: define.operation({
    summary: "Add an item",
    body: { json: z.strictObject({ name: z.string().min(1) }) },
    responses: { 201: { schema: z.object({ name: z.string(), by: z.string() }) } },
    errors: [409],
    meta: { role: "member" },
    handler(ctx) {
      if (ctx.body.name === "taken") throw new HttpError(409, "conflict", "taken");
      return { name: ctx.body.name, by: ctx.state.who! };
    },
  }),
});

const item = define.api({
  DELETE: define.operation({
    summary: "Remove an item",
    params: z.strictObject({ id: z.string().regex(/^\d+$/) }),
    responses: { 204: { description: "Removed" } },
    meta: { role: "member" },
    handler: () => undefined,
  }),
});

const manifest: Manifest = {
  routes: {
    "./routes/index.tsx": {
      default: define.page<string>(({ data }) => h("p", null, `hello ${data}`)),
      handler: define.handlers<string>({ GET: (ctx) => ctx.render("world") }),
    },
    "./routes/api/items/index.ts": { handler: items },
    "./routes/api/items/[id].ts": { handler: item },
  },
  islands: {},
};

function app() {
  return createFrameworkApp<State, Meta>({
    manifest,
    assets: { islands: {} },
    state: () => ({}),
    operationPolicy: ({ operation, state, req, run }) => {
      if (operation.meta.role === "member") {
        const who = req.headers.get("x-user");
        if (!who) throw new HttpError(401, "unauthorized", "who are you?");
        state.who = who;
      }
      return run();
    },
  });
}

Deno.test("framework: operations validate query, params and body, and serialise results", async () => {
  const a = app();
  const list = await a.request("/api/items?limit=3");
  expect(list.status).toBe(200);
  expect(list.headers.get("content-type")).toContain("application/json");
  expect(await list.json()).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);

  const badQuery = await a.request("/api/items?limit=9");
  expect(badQuery.status).toBe(422);
  expect((await badQuery.json()).error.details[0].path).toBe("query.limit");

  const post = (body: unknown, user?: string) =>
    a.request("/api/items", {
      method: "POST",
      headers: { "content-type": "application/json", ...(user ? { "x-user": user } : {}) },
      body: JSON.stringify(body),
    });
  expect((await post({ name: "a" })).status).toBe(401); // the policy runs before validation
  const created = await post({ name: "a" }, "ann");
  expect(created.status).toBe(201);
  expect(await created.json()).toEqual({ name: "a", by: "ann" });
  const unknown = await post({ name: "a", colour: "red" }, "ann");
  expect(unknown.status).toBe(422);
  expect((await unknown.json()).error.details[0].path).toBe("colour");
  expect((await post({ name: "taken" }, "ann")).status).toBe(409);

  const del = await a.request("/api/items/12", { method: "DELETE", headers: { "x-user": "ann" } });
  expect(del.status).toBe(204);
  const badId = await a.request("/api/items/x", { method: "DELETE", headers: { "x-user": "ann" } });
  expect(badId.status).toBe(422);
  expect((await badId.json()).error.details[0].path).toBe("params.id");
  const missing = await a.request("/api/nothing");
  expect(missing.status).toBe(404);
  expect((await missing.json()).error.code).toBe("not_found");
});

Deno.test("framework: pages render inside the document", async () => {
  const res = await app().request("/");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  expect(await res.text()).toContain("<p>hello world</p>");
});

Deno.test("framework: the OpenAPI document comes from the same definitions", () => {
  const doc = buildOpenApi<State, Meta>(operationsOf(manifest.routes), {
    info: { title: "t", version: "1" },
    describe: (m) => ({ errors: m.role === "member" ? [401] : [] }),
  }) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const list = doc.paths["/api/items"].get;
  expect(list.operationId).toBe("getItems");
  expect(list.parameters).toEqual([
    expect.objectContaining({ name: "limit", in: "query", required: false }),
  ]);
  const add = doc.paths["/api/items"].post;
  expect(Object.keys(add.responses as object).sort()).toEqual(
    ["201", "400", "401", "409", "413", "415", "422"],
  );
  const del = doc.paths["/api/items/{id}"].delete;
  expect(del.operationId).toBe("deleteItemsById");
  expect(del.parameters).toEqual([
    expect.objectContaining({ name: "id", in: "path", required: true }),
  ]);
});
