/**
 * Bulk uploads at the size the issue-10 probe used: a 300,000-row encounters CSV overflowed the
 * call stack (`Math.min(...times)`) and answered 500; it is now stored whole, once.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, makeOrg } from "./support/accounts.ts";

const ROWS = 300_000;
const HOUR = 3_600_000;

/** The CSV as a stream, made as it is read (about 20 MB). */
function encountersCsv(hospital: string, rows: number, start: number) {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (i === 0) ctl.enqueue(encoder.encode("hospitalId,encounterId,arrivedAt,age\n"));
      if (i >= rows) return ctl.close();
      let out = "";
      for (const end = Math.min(rows, i + 5000); i < end; i++) {
        const at = new Date(start + (i % (24 * 20)) * HOUR + (i % 3600) * 1000).toISOString();
        out += `${hospital},enc-${i},${at},${20 + (i % 60)}\n`;
      }
      ctl.enqueue(encoder.encode(out));
    },
  });
}

dbTest("a 300,000-row encounters CSV is accepted and counted once", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "bulk");
  const start = Math.floor(Date.now() / HOUR) * HOUR - 21 * 24 * HOUR;
  const res = await app.request("/api/encounters", {
    method: "POST",
    headers: { ...bearer(org.apiKey), "content-type": "text/csv" },
    body: encountersCsv(org.hospital.code, ROWS, start),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await res.json();
  expect(body).toMatchObject({ accepted: ROWS, rejected: 0, duplicates: 0 });
  const [{ n, arrivals, subHour }] = await s.db.query<
    { n: number; arrivals: number; subHour: number }
  >(
    `SELECT (SELECT count(*)::int FROM encounters WHERE org_id = $1) AS n,
       (SELECT sum(ed_arrivals)::int FROM observations WHERE org_id = $1) AS arrivals,
       (SELECT count(*)::int FROM encounters WHERE org_id = $1
          AND arrived_at <> date_trunc('hour', arrived_at)) AS "subHour"`,
    [org.id],
  );
  expect(n).toBe(ROWS);
  expect(arrivals).toBe(ROWS);
  // Arrival times are stored to the hour (ENCOUNTER_ARRIVAL_PRECISION, README "Privacy").
  expect(subHour).toBe(0);
});
