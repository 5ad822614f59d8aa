/**
 * Issue 9's guarantees, tried through the public API on a new organisation: reads never write
 * (50 concurrent readers of a stale plan and forecast insert nothing), and a change whose audit
 * record cannot be written is not stored.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";
import { refreshOrg } from "../services/refresh.ts";

const HOUR = 3_600_000;

/** Rows of the tables a read of plans and forecasts could write to. */
async function counts(s: Services, orgId: string) {
  const [r] = await s.db.query<{ f: number; p: number; r: number }>(
    `SELECT (SELECT count(*) FROM forecasts WHERE org_id = $1)::int AS f,
            (SELECT count(*) FROM plans WHERE org_id = $1)::int AS p,
            (SELECT count(*) FROM recommendations WHERE org_id = $1)::int AS r`,
    [orgId],
  );
  return r;
}

/** Three weeks of hourly history for a 30-bed ED with about 9 arrivals an hour. */
function historyCsv(hospitalId: string, end: number) {
  const lines = ["hospitalId,ts,edArrivals,edOccupancy"];
  for (let t = end - 21 * 24 * HOUR; t < end; t += HOUR) {
    const hour = new Date(t).getUTCHours();
    const arrivals = Math.round(9 + 4 * Math.sin(((hour - 8) / 24) * 2 * Math.PI));
    lines.push(`${hospitalId},${new Date(t).toISOString()},${arrivals},${20 + (hour % 6)}`);
  }
  return lines.join("\n") + "\n";
}

dbTest("50 concurrent GETs of a stale plan and forecast write no rows", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "reads");
  const token = org.users.coordinator.token;
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  const up = await app.request("/api/observations", {
    method: "POST",
    headers: { ...bearer(token), "content-type": "text/csv" },
    body: historyCsv(org.hospital.code, now),
  });
  expect(up.status).toBe(200);
  await up.body?.cancel();
  // A plan and forecast issued a day ago: stale, as after a long outage of the jobs.
  await refreshOrg(s, org.id, new Date(now - 24 * HOUR));
  const before = await counts(s, org.id);
  expect(before.p).toBeGreaterThan(0);
  const get = (path: string) => app.request(path, { headers: bearer(token) });
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      get(
        i % 2
          ? `/api/plans/latest?hospitalId=${org.hospital.code}`
          : `/api/hospitals/${org.hospital.code}/forecast`,
      )),
  );
  for (const res of answers) {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect((await res.json()).stale).toBe(true);
  }
  expect(await counts(s, org.id)).toEqual(before);
});

dbTest("a hospital with no plan yet answers 404 no_plan_yet and stores none", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "noplan");
  const res = await app.request(`/api/plans/latest?hospitalId=${org.hospital.code}`, {
    headers: bearer(org.users.analyst.token),
  });
  expect(res.status).toBe(404);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect((await res.json()).error.code).toBe("no_plan_yet");
  expect((await counts(s, org.id)).p).toBe(0);
});

dbTest("a change whose audit record cannot be written is not stored", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "auditfail");
  const victim = org.users.coordinator;
  // The audit log refuses this one actor's rows (a stand-in for a full disk or a broken chain).
  const fn = `fs_test_refuse_${crypto.randomUUID().replaceAll("-", "")}`;
  await s.db.exec(`
    CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.actor = '${victim.email}' THEN RAISE EXCEPTION 'audit refused for test'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER ${fn} BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION ${fn}();`);
  try {
    const code = unique("h");
    const created = await app.request(
      "/api/hospitals",
      jsonInit("POST", {
        id: code,
        name: "Audit Test Hospital",
        lat: 51.5,
        lon: -0.1,
        edBeds: 30,
        timezone: "Europe/London",
      }, bearer(victim.token)),
    );
    expect(created.status).toBeGreaterThanOrEqual(500);
    await created.body?.cancel();
    const rows = await s.db.query("SELECT 1 FROM hospitals WHERE org_id = $1 AND code = $2", [
      org.id,
      code,
    ]);
    expect(rows).toEqual([]);
    const upload = await app.request("/api/observations", {
      method: "POST",
      headers: { ...bearer(victim.token), "content-type": "text/csv" },
      body: `hospitalId,ts,edArrivals\n${org.hospital.code},2026-01-01T00:00:00Z,5\n`,
    });
    expect(upload.status).toBeGreaterThanOrEqual(500);
    await upload.body?.cancel();
    const obs = await s.db.query("SELECT 1 FROM observations WHERE org_id = $1", [org.id]);
    expect(obs).toEqual([]);
    // Another user of the same organisation is unaffected.
    const ok = await app.request(
      "/api/hospitals",
      jsonInit("POST", {
        id: code,
        name: "Audit Test Hospital",
        lat: 51.5,
        lon: -0.1,
        edBeds: 30,
      }, bearer(org.users.admin.token)),
    );
    expect(ok.status).toBe(201);
    await ok.body?.cancel();
  } finally {
    await s.db.exec(`DROP TRIGGER ${fn} ON audit_log; DROP FUNCTION ${fn}();`);
  }
});
