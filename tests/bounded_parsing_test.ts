/**
 * Issue 21's parsing findings: a 5 MB deeply nested body (500 after 2.9 s), refinements running
 * on unparsed values (`startsAt: "tomorrow"` → 500), year 0 dates (500), and a client's JSON key
 * (a patient's name) echoed in error details and stored with the idempotent answer.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { assertJsonDepth, clipKey, dirtyText, JSON_MAX_DEPTH } from "../framework/validation.ts";
import type { z } from "zod";
import { manifest } from "../routes.gen.ts";
import { operationsOf } from "../framework/routes.ts";
import type { AppState, RouteMeta } from "../lib/define.ts";
import { corrupt, exampleBody, slotsOf } from "./support/schema_examples.ts";

const FIVE_MB = 5 * 1024 * 1024 - 16;

dbTest("a 5 MB deeply nested JSON body is a 400 before any validation, never a 500", async (s) => {
  const app = await buildTestApp(s);
  const arrays = "[".repeat(FIVE_MB / 2) + "]".repeat(FIVE_MB / 2);
  const objects = '{"a":'.repeat(FIVE_MB / 10) + "1" + "}".repeat(FIVE_MB / 10);
  for (const body of [arrays, objects]) {
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_json");
    expect(error.message).toContain(`deeper than ${JSON_MAX_DEPTH}`);
  }
  // Brackets inside strings are text, not nesting.
  const org = await makeOrg(s, "depth");
  const inString = await app.request(
    "/api/events",
    jsonInit(
      "POST",
      { ...eventBody(), name: "[[[[{{{{".repeat(20) },
      bearer(org.users.admin.token),
    ),
  );
  expect(inString.status).toBe(201);
});

Deno.test("the depth check and the text walk use no recursion", () => {
  const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
  expect(() => assertJsonDepth(deep)).toThrow(/deeper than/);
  expect(() => assertJsonDepth('["\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]')).not.toThrow();
  expect(() => assertJsonDepth("[".repeat(JSON_MAX_DEPTH) + "]".repeat(JSON_MAX_DEPTH))).not
    .toThrow();
  // A value built in memory, deeper than any stack: walked without overflowing.
  let v: unknown = "x\u0000";
  for (let i = 0; i < 200_000; i++) v = [v];
  expect(dirtyText(v)?.message).toContain("NUL");
  expect(dirtyText({ a: [1, { b: "ok", "c d": "\u0000" }] })?.path).toBe("a.1.c?d");
});

function eventBody() {
  const start = new Date(Date.now() + 7 * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  return {
    id: `ev-${crypto.randomUUID().slice(0, 8)}`,
    name: "Parse test",
    type: "concert",
    lat: 33.8,
    lon: -116.5,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 6 * 3_600_000).toISOString(),
    expectedAttendance: 1000,
  };
}

dbTest(
  "dates that do not parse, or lie outside 1900–2199, are a 422 naming the field",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "dates");
    const auth = bearer(org.users.admin.token);
    const cases: [string, RequestInit, string][] = [
      ["/api/events", jsonInit("POST", { ...eventBody(), startsAt: "tomorrow" }, auth), "startsAt"],
      ["/api/events", jsonInit("POST", { ...eventBody(), endsAt: 12 }, auth), "endsAt"],
      [
        "/api/events",
        jsonInit("POST", { ...eventBody(), startsAt: "0000-01-01T00:00:00Z" }, auth),
        "startsAt",
      ],
      [
        `/api/events/${org.event.code}`,
        jsonInit("PATCH", { startsAt: "tomorrow" }, auth),
        "startsAt",
      ],
      [
        "/api/calendar",
        jsonInit("PUT", { days: [{ date: "0000-01-01", flags: { festiveDay: true } }] }, auth),
        "days.0.date",
      ],
      [
        "/api/calendar",
        jsonInit("PATCH", { days: [{ date: "9999-12-31", flags: { strike: true } }] }, auth),
        "days.0.date",
      ],
      ["/api/calendar?from=0000-01-01", { headers: auth }, "query.from"],
      ["/api/export?from=0000-01-01", { headers: auth }, "query.from"],
      ["/api/export?to=0000-01-01T00:00:00Z", { headers: auth }, "query.to"],
    ];
    for (const [path, init, field] of cases) {
      const res = await app.request(path, init);
      const body = await res.json();
      expect([path, res.status, body.error?.details?.map((d: { path: string }) => d.path)])
        .toEqual([path, 422, expect.arrayContaining([field])]);
    }
  },
);

dbTest("a client's JSON key is never echoed or stored verbatim", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "keys");
  const name = "Jane Q. Patient <1970-01-01> ☎ 555-0100";
  const record = {
    hospitalId: org.hospital.code,
    ts: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000).toISOString(),
    edArrivals: 3,
    [name]: true,
  };
  const key = `keys-${crypto.randomUUID()}`;
  const res = await app.request(
    "/api/observations?partial=true",
    jsonInit("POST", { records: [{ ...record, [name]: undefined }, record] }, {
      ...bearer(org.apiKey),
      "idempotency-key": key,
    }),
  );
  const text = await res.text();
  expect([res.status, text.slice(0, 300)]).toEqual([200, expect.stringContaining('"rejected":1')]);
  expect(text).not.toContain("Jane Q. Patient");
  expect(text).toContain(clipKey(name));
  const [stored] = await s.db.query<{ response: unknown }>(
    "SELECT response FROM idempotency_keys WHERE org_id = $1 AND key LIKE $2",
    [org.id, `%${key}`],
  );
  expect(stored).toBeDefined();
  expect(JSON.stringify(stored.response)).not.toContain("Jane Q. Patient");
  // A refused request's details too.
  const refused = await app.request(
    "/api/events",
    jsonInit("POST", { ...eventBody(), [name]: 1 }, bearer(org.users.admin.token)),
  );
  expect(refused.status).toBe(422);
  expect(await refused.text()).not.toContain("Jane Q. Patient");
  expect(clipKey("x".repeat(10_000)).length).toBe(65);
});

Deno.test("every operation's body schema refuses a wrong value at any field without throwing", () => {
  const wrong: unknown[] = [
    "tomorrow",
    "0000-01-01",
    "0000-01-01T00:00:00Z",
    12,
    -1e308,
    null,
    {},
    [],
    true,
    "=1+1",
  ];
  const thrown: string[] = [];
  let checked = 0;
  for (const o of operationsOf<AppState, RouteMeta>(manifest.routes)) {
    const schema = o.operation.body?.json as z.ZodType | undefined;
    if (!schema) continue;
    const example = exampleBody(schema);
    const slots = slotsOf(example);
    for (let pick = 0; pick < slots.length; pick++) {
      for (const value of wrong) {
        const body = corrupt(example, pick, value, "k", false);
        try {
          schema.safeParse(body);
          checked++;
        } catch (err) {
          thrown.push(
            `${o.method} ${o.pattern} ${slots[pick].join(".")}=${JSON.stringify(value)}: ${
              (err as Error).message
            }`,
          );
        }
      }
    }
  }
  expect(thrown).toEqual([]);
  expect(checked).toBeGreaterThan(150);
});
