import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, type TestOrg } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";

async function verify(s: Services, org: TestOrg) {
  const app = await buildTestApp(s);
  const res = await app.request("/api/audit/verify", { headers: bearer(org.users.admin.token) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return await res.json();
}

/** Audited traffic: reads of users and observations, a write, and a denied call. */
async function traffic(s: Services, org: TestOrg) {
  const app = await buildTestApp(s);
  const admin = bearer(org.users.admin.token);
  const requests: [string, RequestInit][] = [
    ["/api/users", { headers: admin }],
    [`/api/hospitals/${org.hospital.code}/observations`, { headers: admin }],
    [`/api/hospitals/${org.hospital.code}`, jsonInit("PATCH", { edBeds: 31 }, admin)],
    ["/api/users", { headers: bearer(org.users.analyst.token) }],
  ];
  for (const [path, init] of requests) await (await app.request(path, init)).body?.cancel();
}

/** Changes audit rows behind the app's back, as someone with table-owner rights could. */
async function tamper(s: Services, sql: string, params: unknown[]) {
  await s.db.transaction(async (tx) => {
    await tx.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    await tx.query(sql, params);
    await tx.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
  });
}

async function ids(s: Services, org: TestOrg): Promise<number[]> {
  const rows = await s.db.query<{ id: number }>(
    "SELECT id FROM audit_log WHERE chain = $1 ORDER BY id",
    [org.id],
  );
  return rows.map((r) => Number(r.id));
}

dbTest("audit: reads and writes are recorded with actor, outcome and request id", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "audit-list");
  await traffic(s, org);
  const res = await app.request("/api/audit?limit=50", { headers: bearer(org.users.admin.token) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const { entries } = await res.json();
  const summary = entries.map((e: Record<string, string>) =>
    `${e.actor} ${e.action} ${e.resource} ${e.outcome}`
  ).reverse();
  expect(summary).toEqual([
    `${org.users.admin.email} read users ok`,
    `${org.users.admin.email} read observations ok`,
    `${org.users.admin.email} update hospitals ok`,
    `${org.users.analyst.email} read users denied`,
  ]);
  for (const e of entries) expect(e.requestId).toMatch(/^[\w-]+$/);
  const other = await makeOrg(s, "audit-other");
  const theirs = await app.request("/api/audit", { headers: bearer(other.users.admin.token) });
  const text = await theirs.text();
  expect(text).not.toContain(org.users.admin.email);
});

dbTest("audit: the log refuses UPDATE and DELETE", async (s) => {
  const org = await makeOrg(s, "audit-ro");
  await traffic(s, org);
  const [id] = await ids(s, org);
  await expect(s.db.query("UPDATE audit_log SET actor = 'x' WHERE id = $1", [id])).rejects
    .toThrow(/append-only/);
  await expect(s.db.query("DELETE FROM audit_log WHERE id = $1", [id])).rejects.toThrow(
    /append-only/,
  );
  expect(await verify(s, org)).toMatchObject({ ok: true, firstBadId: null });
});

dbTest("audit verify finds an edited row", async (s) => {
  const org = await makeOrg(s, "audit-edit");
  await traffic(s, org);
  const before = await verify(s, org);
  expect(before.ok).toBe(true);
  expect(before.checked).toBeGreaterThanOrEqual(4);
  const [, second] = await ids(s, org);
  await tamper(s, "UPDATE audit_log SET actor = 'someone-else' WHERE id = $1", [second]);
  expect(await verify(s, org)).toMatchObject({ ok: false, firstBadId: second });
});

dbTest("audit verify finds a deleted row, in the middle and at the end", async (s) => {
  const org = await makeOrg(s, "audit-del");
  await traffic(s, org);
  const [, second, third] = await ids(s, org);
  await tamper(s, "DELETE FROM audit_log WHERE id = $1", [second]);
  expect(await verify(s, org)).toMatchObject({ ok: false, firstBadId: third });

  const tail = await makeOrg(s, "audit-tail");
  await traffic(s, tail);
  const all = await ids(s, tail);
  const last = all[all.length - 1];
  await tamper(s, "DELETE FROM audit_log WHERE id = $1", [last]);
  expect(await verify(s, tail)).toMatchObject({ ok: false, firstBadId: last });
});
