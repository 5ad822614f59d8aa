import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, type TestOrg } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";

const HOUR = 3_600_000;
const baseHour = () => Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;
const at = (h: number) => new Date(baseHour() + h * HOUR).toISOString();

async function stored(s: Services, org: TestOrg) {
  return await s.db.query<{ ts: Date; ed_arrivals: number; source: string }>(
    "SELECT ts, ed_arrivals, source FROM observations WHERE hospital_id = $1 ORDER BY ts",
    [org.hospital.id],
  );
}

dbTest("observations: JSON upload stores rows; a re-upload of an hour replaces it", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "obs-json");
  const auth = bearer(org.users.coordinator.token);
  const records = [
    { hospitalId: org.hospital.code, ts: at(0), edArrivals: 7, edOccupancy: 20 },
    { hospitalId: org.hospital.id, ts: at(1), edArrivals: 9, ambulanceArrivals: null },
  ];
  const res = await app.request("/api/observations", jsonInit("POST", { records }, auth));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(await res.json()).toEqual({ accepted: 2, rejected: 0, errors: [] });
  const again = await app.request(
    "/api/observations",
    jsonInit("POST", { records: [{ ...records[0], edArrivals: 11 }] }, auth),
  );
  expect(again.status).toBe(200);
  await again.body?.cancel();
  expect((await stored(s, org)).map((r) => r.ed_arrivals)).toEqual([11, 9]);
});

dbTest("observations: CSV streams in; quoted fields and CRLF work", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "obs-csv");
  const csv = `hospitalId,ts,edArrivals,edOccupancy\r\n"${org.hospital.code}",${at(0)},5,\r\n` +
    `${org.hospital.code},${at(1)},6,12\r\n`;
  const res = await app.request("/api/observations", {
    method: "POST",
    headers: { "content-type": "text/csv", ...bearer(org.apiKey) },
    body: csv,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(await res.json()).toEqual({ accepted: 2, rejected: 0, errors: [] });
  expect((await stored(s, org)).map((r) => r.ed_arrivals)).toEqual([5, 6]);
});

dbTest(
  "observations: a bad row refuses the upload naming row and field; partial keeps the rest",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "obs-bad");
    const auth = bearer(org.users.admin.token);
    const records = [
      { hospitalId: org.hospital.code, ts: at(0), edArrivals: 4 },
      { hospitalId: org.hospital.code, ts: at(1), edArrivals: -3 },
      { hospitalId: "no-such-hospital", ts: at(2), edArrivals: 1 },
    ];
    const res = await app.request("/api/observations", jsonInit("POST", { records }, auth));
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "records.1.edArrivals",
      "records.2.hospitalId",
    ]);
    expect(await stored(s, org)).toHaveLength(0);

    const partial = await app.request(
      "/api/observations?partial=true",
      jsonInit("POST", { records }, auth),
    );
    expect(partial.status).toBe(200);
    const out = await partial.json();
    expect(out).toMatchObject({ accepted: 1, rejected: 2 });
    expect(out.errors[0]).toMatchObject({ row: 1, path: "records.1.edArrivals" });
    expect(await stored(s, org)).toHaveLength(1);

    const csv = `hospitalId,ts,edArrivals\n${org.hospital.code},${at(5)},3\n` +
      `${org.hospital.code},not-a-time,3\n${org.hospital.code},${at(6)}\n`;
    const bad = await app.request("/api/observations", {
      method: "POST",
      headers: { "content-type": "text/csv", ...auth },
      body: csv,
    });
    expect(bad.status).toBe(422);
    const details = (await bad.json()).error.details.map((d: { path: string }) => d.path);
    expect(details).toEqual(["rows.3.ts", "rows.4"]);
    expect(await stored(s, org)).toHaveLength(1);
  },
);

dbTest(
  "observations: malformed JSON, wrong types, unknown fields, bad type and size are 4xx",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "obs-4xx");
    const auth = { ...bearer(org.users.admin.token) };
    const post = (body: string, type = "application/json", headers: Record<string, string> = {}) =>
      app.request("/api/observations", {
        method: "POST",
        headers: { "content-type": type, ...auth, ...headers },
        body,
      });
    const row = { hospitalId: org.hospital.code, ts: at(0), edArrivals: 1 };
    const cases: [Response, number, string, string][] = [
      [await post('{"records": [}'), 400, "invalid_json", "(body)"],
      [
        await post(JSON.stringify({ records: [{ ...row, edArrivals: "12" }] })),
        422,
        "validation_failed",
        "records.0.edArrivals",
      ],
      [
        await post(JSON.stringify({ records: [{ ...row, extra: 1 }] })),
        422,
        "validation_failed",
        "records.0.extra",
      ],
      [
        await post(JSON.stringify({ records: [row], more: true })),
        422,
        "validation_failed",
        "more",
      ],
      [
        await post(JSON.stringify({ records: [{ ...row, edArrivals: 1e9 }] })),
        422,
        "validation_failed",
        "records.0.edArrivals",
      ],
      [
        await post(JSON.stringify({ records: [{ ...row, ts: "2025-01-01T10:30:00Z" }] })),
        422,
        "validation_failed",
        "records.0.ts",
      ],
      [
        await post(JSON.stringify({ records: [row] }), "text/plain"),
        415,
        "unsupported_media_type",
        "(content-type)",
      ],
      [
        await post("hospitalId,ts,edArrivals,secret\n", "text/csv"),
        422,
        "validation_failed",
        "(header).secret",
      ],
      [
        // An unknown column is named, but never echoed whole.
        await post(`hospitalId,ts,edArrivals,${"q".repeat(40_000)}\n`, "text/csv"),
        422,
        "validation_failed",
        `(header).${"q".repeat(64)}…`,
      ],
      [
        // A line that never ends is refused at its line, without reading the rest.
        await post(`hospitalId,ts,edArrivals\n${"z".repeat(300_000)}`, "text/csv"),
        422,
        "validation_failed",
        "rows.2",
      ],
      [
        await post("{}", "application/json", { "content-length": String(6 * 1024 * 1024) }),
        413,
        "payload_too_large",
        "(body)",
      ],
      [
        await post(JSON.stringify({ records: [row], pad: "x".repeat(5 * 1024 * 1024) })),
        413,
        "payload_too_large",
        "(body)",
      ],
    ];
    for (const [res, status, code, path] of cases) {
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get("content-type")).toContain("application/json");
      const body = await res.json();
      expect(body.error.code).toBe(code);
      expect(body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await stored(s, org)).toHaveLength(0);
  },
);

dbTest(
  "observations: a retried upload with the same Idempotency-Key changes nothing",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "obs-idem");
    const auth = bearer(org.users.coordinator.token);
    const key = crypto.randomUUID();
    const body = { records: [{ hospitalId: org.hospital.code, ts: at(0), edArrivals: 7 }] };
    const first = await app.request(
      "/api/observations",
      jsonInit("POST", body, { ...auth, "idempotency-key": key }),
    );
    expect(first.status).toBe(200);
    const answer = await first.json();
    // Someone corrects the hour in between; the retry of the old upload must not undo it.
    const fix = { records: [{ ...body.records[0], edArrivals: 8 }] };
    (await app.request("/api/observations", jsonInit("POST", fix, auth))).body?.cancel();
    const retry = await app.request(
      "/api/observations",
      jsonInit("POST", body, { ...auth, "idempotency-key": key }),
    );
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(answer);
    expect((await stored(s, org)).map((r) => r.ed_arrivals)).toEqual([8]);
    const misuse = await app.request(
      "/api/observations",
      jsonInit("POST", fix, { ...auth, "idempotency-key": key }),
    );
    expect(misuse.status).toBe(422);
    expect((await misuse.json()).error.code).toBe("idempotency_key_reused");
  },
);
