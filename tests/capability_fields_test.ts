/**
 * The fields issue 16 adds to the API (CONTRACT.md): a hospital's `traumaLevel` (1–4 or absent)
 * and an event's `attendanceBasis` (perDay | total, default total), stored, returned, changed and
 * refused with a 422 naming the field.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";

dbTest("traumaLevel and attendanceBasis through the API", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "capability");
  const auth = bearer(org.users.admin.token);
  const call = async (path: string, init: RequestInit | undefined, status: number) => {
    const res = await app.request(path, init ?? { headers: auth });
    expect([path, res.status]).toEqual([path, status]);
    expect(res.headers.get("content-type")).toContain("json");
    return await res.json();
  };
  const code = unique("trauma");
  const base = { name: "Trauma Centre", lat: 33.9, lon: -116.6, edBeds: 40, timezone: "UTC" };
  const h = await call(
    "/api/hospitals",
    jsonInit("POST", { id: code, ...base, traumaLevel: 2 }, auth),
    201,
  );
  expect(h.traumaLevel).toBe(2);
  expect((await call(`/api/hospitals/${code}`, undefined, 200)).traumaLevel).toBe(2);
  const cleared = await call(
    `/api/hospitals/${code}`,
    jsonInit("PATCH", { traumaLevel: null }, auth),
    200,
  );
  expect("traumaLevel" in cleared).toBe(false);
  const bad = await call(
    "/api/hospitals",
    jsonInit("POST", { id: unique("bad"), ...base, traumaLevel: 5 }, auth),
    422,
  );
  expect(JSON.stringify(bad)).toContain("traumaLevel");

  const start = Date.now() + 5 * 86_400_000;
  const ev = {
    name: "Three-day festival",
    type: "music_festival",
    lat: 33.8,
    lon: -116.5,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 59 * 3_600_000).toISOString(),
    expectedAttendance: 30_000,
  };
  const plain = await call("/api/events", jsonInit("POST", { id: unique("ev"), ...ev }, auth), 201);
  expect(plain.attendanceBasis).toBe("total");
  const daily = await call(
    "/api/events",
    jsonInit("POST", { id: unique("ev"), ...ev, attendanceBasis: "perDay" }, auth),
    201,
  );
  expect(daily.attendanceBasis).toBe("perDay");
  const patched = await call(
    `/api/events/${daily.id}`,
    jsonInit("PATCH", { attendanceBasis: "total" }, auth),
    200,
  );
  expect(patched.attendanceBasis).toBe("total");
  const wrong = await call(
    "/api/events",
    jsonInit("POST", { id: unique("ev"), ...ev, attendanceBasis: "weekly" }, auth),
    422,
  );
  expect(JSON.stringify(wrong)).toContain("attendanceBasis");
});
