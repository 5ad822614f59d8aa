/**
 * Property-based fuzzing (fast-check, fixed seed): ≥ 10,000 generated requests over every route
 * of the manifest (API operations and pages), every method and every kind of caller, with
 * malformed bodies, wrong types, NUL and unpaired surrogates, huge values, odd encodings and
 * random paths. The property: no answer is a 5xx, and every 4xx is in the contract's shape
 * (JSON `{error: {code, message, details?}}` under /api, an HTML error page elsewhere).
 */
import { expect } from "expect";
import fc from "fast-check";
import { manifest } from "../routes.gen.ts";
import { operationsOf, routeEntries } from "../framework/routes.ts";
import { METHODS } from "../framework/types.ts";
import { roles } from "../lib/access.ts";
import type { AppState, RouteMeta } from "../lib/define.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { memoryCache } from "../infra/cache.ts";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, makeOrg, type TestUser } from "./support/accounts.ts";
import { corrupt, exampleBody, slotsOf } from "./support/schema_examples.ts";

const SEED = 20261130;
const REQUESTS = 10_200;
const CONCURRENCY = 12;
/** Stops sending after this long on a very slow machine (the count is then reported). */
const TIME_BOUND_MS = 9 * 60_000;

const apiRoutes = operationsOf<AppState, RouteMeta>(manifest.routes).map((o) => ({
  pattern: o.pattern,
  methods: [o.method],
  fields: fieldNames(o.operation.body?.json),
  example: exampleBody(o.operation.body?.json),
}));
const pageRoutes = routeEntries(manifest.routes)
  .filter((e) => e.kind === "page" && !e.pattern.startsWith("/api/"))
  .map((e) => ({
    pattern: e.pattern,
    methods: ["GET", "POST"],
    fields: [] as string[],
    example: undefined as unknown,
  }));
/** Routes with their declared methods, merged by pattern. */
const routes = Object.values(
  [...apiRoutes, ...pageRoutes].reduce(
    (all, r) => {
      const seen = all[r.pattern];
      if (seen) {
        // One pattern, several operations (GET and POST /api/events): the bodies of whichever
        // has one, so that POST's fields are not lost behind GET's none.
        seen.methods.push(...r.methods);
        seen.fields.push(...r.fields.filter((f) => !seen.fields.includes(f)));
        seen.example ??= r.example;
      } else all[r.pattern] = { ...r, methods: [...r.methods], fields: [...r.fields] };
      return all;
    },
    {} as Record<
      string,
      { pattern: string; methods: string[]; fields: string[]; example: unknown }
    >,
  ),
);

/** Top-level field names of a zod object schema (for bodies that look almost right). */
function fieldNames(schema: unknown): string[] {
  // deno-lint-ignore no-explicit-any
  const s = schema as any;
  const shape = s?.shape ?? s?._zod?.def?.shape ?? s?._zod?.def?.in?.shape;
  return shape ? Object.keys(shape) : [];
}

const nasty = fc.constantFrom(
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "\u202e\u0007",
  "%00",
  "%E0%A4%A",
  "../../etc/passwd",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "-".repeat(36),
  "0000-01-01T00:00:00Z",
  "2999-12-31T23:59:59Z",
  "99999-01-01T00:00:00Z",
  "1e309",
  "NaN",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "\r\nSet-Cookie: x=y",
  "/\t/evil.example",
  // Issue 21: dates that are not dates, or lie in years PostgreSQL refuses.
  "tomorrow",
  "0000-01-01",
  "0000-01-01T00:00:00+00:00",
  "2024-02-30",
  "9999-12-31",
  "-000001-01-01T00:00:00Z",
  '=HYPERLINK("http://evil.example")',
  "+cmd|' /C calc'!A0",
  "/.//evil.example",
);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  nasty,
  fc.nat({ max: 200_000 }).map((n) => "x".repeat(n)),
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0),
  fc.boolean(),
  fc.constant(null),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) =>
    d.toISOString()
  ),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(text, tie("value"), { maxKeys: 5 }),
  ),
})).value;

/** A body that is nearly right: the route's own field names with hostile values. */
const almost = (fields: string[]) =>
  fields.length
    ? fc.dictionary(fc.oneof(fc.constantFrom(...fields), text), json, {
      maxKeys: fields.length + 2,
    })
    : fc.dictionary(text, json, { maxKeys: 4 });

const contentTypes = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/csv",
  "application/fhir+json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "text/plain",
  "application/octet-stream",
  "",
  "application/json; charset=latin1",
  "garbage/\u00e9",
);

type Body =
  | { kind: "json"; value: unknown }
  | { kind: "raw"; text: string }
  | { kind: "bytes"; bytes: number[] }
  | { kind: "none" };

/** JSON nested far deeper than any body may be, as text (the depth limit answers 400). */
const deepJson = fc.tuple(fc.integer({ min: 33, max: 5_000 }), fc.boolean()).map(([n, arr]) =>
  arr ? "[".repeat(n) + "]".repeat(n) : '{"a":'.repeat(n) + "1" + "}".repeat(n)
);

const bodies = (fields: string[], example: unknown): fc.Arbitrary<Body> =>
  fc.oneof(
    ...(example === undefined ? [] : [{
      weight: 3,
      arbitrary: fc.tuple(fc.nat(), fc.oneof(scalar, json), text).map(([pick, value, key]) => ({
        kind: "json" as const,
        value: corrupt(example, pick, value, key),
      })),
    }]),
    deepJson.map((t) => ({ kind: "raw" as const, text: t })),
    almost(fields).map((value) => ({ kind: "json" as const, value })),
    fc.record({ records: fc.array(almost(fields), { maxLength: 4 }) }).map((value) => ({
      kind: "json" as const,
      value,
    })),
    json.map((value) => ({ kind: "json" as const, value })),
    fc.oneof(
      text,
      fc.constantFrom(
        "{",
        "[]",
        '{"a":',
        "hospitalId,ts,edArrivals\nx,0000-01-01T00:00:00Z,1",
        'a,b\n"unterminated',
        "_csrf=x&email=a%00b&password=p&next=%2F%09%2Fevil.example",
      ),
    ).map((t) => ({ kind: "raw" as const, text: t })),
    fc.array(fc.nat({ max: 255 }), { maxLength: 64 }).map((bytes) => ({
      kind: "bytes" as const,
      bytes,
    })),
    fc.constant({ kind: "none" as const }),
  );

const callers = ["anonymous", ...roles, "platform", "apiKey"] as const;
type CallerKind = typeof callers[number];

/**
 * Percent-encodes every code point as UTF-8 bytes — lone surrogates too (as the invalid bytes
 * ED A0 80…, which encodeURIComponent refuses to produce but a client can send).
 */
function pct(t: string): string {
  let out = "";
  for (const ch of t) {
    const c = ch.codePointAt(0)!;
    if (/[A-Za-z0-9_.~-]/.test(ch)) {
      out += ch;
      continue;
    }
    const bytes = c < 0x80
      ? [c]
      : c < 0x800
      ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
      : c < 0x10000
      ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
      : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    out += bytes.map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join("");
  }
  return out;
}

const segment = fc.oneof(
  fc.constantFrom("own-hospital", "own-event", "own-user", "uuid", "other-hospital"),
  text.map((t) => pct(t.slice(0, 300))),
  fc.constantFrom("%E0%A4%A", "%", "%00", "%ff%fe", "..%2F..%2F", "%F0%9F"),
);

const request = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...routes) },
  { weight: 1, arbitrary: fc.constant(null) },
).chain((route) =>
  fc.record({
    route: fc.constant(route),
    method: route
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...route.methods) }, {
        weight: 1,
        arbitrary: fc.constantFrom(...METHODS),
      })
      : fc.constantFrom(...METHODS),
    caller: fc.constantFrom(...callers),
    params: fc.array(segment, { minLength: 3, maxLength: 3 }),
    randomPath: fc.array(segment, { minLength: 1, maxLength: 4 }),
    query: fc.array(fc.tuple(text, text), { maxLength: 4 }),
    body: bodies(route?.fields ?? [], route?.example),
    contentType: contentTypes,
    cookieAuth: fc.boolean(),
    extraHeaders: fc.record({
      "x-org-id": fc.option(fc.oneof(text, fc.uuid()), { nil: undefined }),
      "idempotency-key": fc.option(text, { nil: undefined }),
      "x-request-id": fc.option(text, { nil: undefined }),
    }),
  })
);

const safeHeader = (v: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(v) && v.length < 8000;

dbTest("fuzz: 10,000 generated requests, no 5xx, every 4xx in the contract's shape", async (s) => {
  // Its own cache: thousands of failed sign-ins must not lock the rest of the suite out.
  const services = { ...s, cache: memoryCache(), config: { ...s.config, API_RATE_LIMIT: 1e9 } };
  const app = await buildTestApp(services);
  const org = await makeOrg(s, "fuzz");
  const other = await makeOrg(s, "fuzz-other");
  const platformUser = await addUser(s, org.id, "admin", { platformAdmin: true });
  const users: Record<string, TestUser> = { ...org.users, platform: platformUser };

  const substitute = (seg: string) =>
    ({
      "own-hospital": org.hospital.code,
      "own-event": org.event.code,
      "own-user": org.users.analyst.id,
      "uuid": crypto.randomUUID(),
      "other-hospital": other.hospital.code,
    })[seg] ?? seg;

  async function headersFor(caller: CallerKind, cookieAuth: boolean) {
    const h: Record<string, string> = {};
    if (caller === "anonymous") return h;
    if (caller === "apiKey") return { authorization: `Bearer ${org.apiKey}` };
    // A fresh session each time: a fuzzed logout must not end the next request's session.
    const token = (await startSession(services, users[caller])).accessToken;
    if (cookieAuth) {
      h.cookie = `fs_access=${token}; fs_csrf=fuzzcsrf`;
      h["x-csrf-token"] = "fuzzcsrf";
      h.origin = "http://localhost";
    } else h.authorization = `Bearer ${token}`;
    return h;
  }

  const samples = fc.sample(request, { seed: SEED, numRuns: REQUESTS });
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  const started = Date.now();

  async function send(r: typeof samples[number]) {
    let path: string;
    if (r.route) {
      let i = 0;
      path = r.route.pattern.replace(/:\w+/g, () => substitute(r.params[i++]) || "_");
    } else path = "/" + r.randomPath.map((p) => substitute(p) || "_").join("/");
    const qs = r.query.map(([k, v]) => `${pct(k.slice(0, 2000))}=${pct(v.slice(0, 2000))}`)
      .join("&");
    if (qs) path += `?${qs}`;
    const headers = new Headers(await headersFor(r.caller, r.cookieAuth));
    for (const [k, v] of Object.entries(r.extraHeaders)) {
      if (v !== undefined && safeHeader(v)) headers.set(k, v);
    }
    let body: BodyInit | undefined;
    if (r.method !== "GET" && r.method !== "DELETE" && r.body.kind !== "none") {
      if (r.contentType) headers.set("content-type", r.contentType);
      body = r.body.kind === "json"
        ? JSON.stringify(r.body.value)
        : r.body.kind === "raw"
        ? r.body.text
        : new Uint8Array(r.body.bytes);
    }
    let res: Response;
    try {
      res = await app.request(path, {
        method: r.method,
        headers,
        body,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      failures.push(`${r.method} ${path.slice(0, 120)}: threw ${(err as Error).message}`);
      return;
    }
    sent++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const type = res.headers.get("content-type") ?? "";
    const where = `${r.method} ${path.slice(0, 120)} as ${r.caller}: ${res.status}`;
    if (type.includes("text/event-stream")) {
      await res.body?.cancel();
      return;
    }
    const text = await res.text();
    if (res.status >= 500) {
      failures.push(`${where} ${text.slice(0, 200)}`);
      return;
    }
    if (res.status < 400) return;
    // The API answers errors in its JSON shape; so does the data URL the islands fetch
    // (/map/base) when its own handler refuses (the framework's refusals there are pages).
    if (path.startsWith("/api/") || (path.startsWith("/map/") && type.includes("json"))) {
      if (!type.includes("application/json")) {
        failures.push(`${where} content-type ${type}`);
        return;
      }
      try {
        const { error } = JSON.parse(text);
        const detailsOk = error.details === undefined ||
          (Array.isArray(error.details) &&
            error.details.every((d: Record<string, unknown>) =>
              typeof d.path === "string" && typeof d.message === "string"
            ));
        if (typeof error.code !== "string" || typeof error.message !== "string" || !detailsOk) {
          failures.push(`${where} not the error shape: ${text.slice(0, 200)}`);
        }
      } catch {
        failures.push(`${where} not JSON: ${text.slice(0, 200)}`);
      }
    } else if (!type.includes("text/html") && !type.includes("text/plain")) {
      failures.push(`${where} page error as ${type}`);
    }
  }

  // Directed: every field of every operation's body (as generated at random, a given field of a
  // given operation under an authorised caller and a JSON type is rare), each replaced by a few
  // hostile values, sent by an admin (the platform admin for /api/orgs).
  const hostile = fc.sample(fc.oneof(nasty, scalar, json), { seed: SEED + 1, numRuns: 4_000 });
  let h = 0;
  for (const o of apiRoutes) {
    // Training is left to the random part: each valid body would start a CPU-heavy run.
    if (o.example === undefined || o.methods[0] === "GET" || o.pattern === "/api/models/train") {
      continue;
    }
    const slots = slotsOf(o.example).length;
    for (let pick = 0; pick < slots; pick++) {
      for (let k = 0; k < 4; k++) {
        const value = corrupt(o.example, pick, hostile[h++ % hostile.length], "k", k === 3);
        samples.push({
          route: o,
          method: o.methods[0],
          caller: o.pattern === "/api/orgs" ? "platform" : "admin",
          params: [
            o.pattern.startsWith("/api/events")
              ? "own-event"
              : o.pattern.startsWith("/api/users")
              ? "own-user"
              : o.pattern.startsWith("/api/hospitals")
              ? "own-hospital"
              : "uuid",
            "uuid",
            "uuid",
          ],
          randomPath: [],
          query: [],
          body: { kind: "json", value },
          contentType: "application/json",
          cookieAuth: false,
          extraHeaders: {
            "x-org-id": undefined,
            "idempotency-key": undefined,
            "x-request-id": undefined,
          },
        });
      }
    }
  }
  for (let i = 0; i < samples.length; i += CONCURRENCY) {
    if (Date.now() - started > TIME_BOUND_MS) break;
    await Promise.all(samples.slice(i, i + CONCURRENCY).map(send));
  }
  const summary = [...statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k}:${v}`).join(" ");
  console.log(`fuzz: ${sent} requests in ${Date.now() - started} ms; statuses ${summary}`);
  expect(failures.slice(0, 30)).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(10_000);
  // The generator reaches the handlers, not only the refusals.
  expect([...statuses.keys()].some((st) => st >= 200 && st < 300)).toBe(true);
  expect(statuses.get(422) ?? 0).toBeGreaterThan(100);
});
