/**
 * The audit chain survives a database admin (issue 10): both rewrites the probe made — delete
 * the newest rows and rewind `audit_heads`, or edit a row and recompute every later hash — used
 * to pass `/api/audit/verify`. The platform chain could not be verified at all.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, jsonInit, makeOrg, type TestOrg } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";
import { canonicalAudit } from "../services/audit.ts";
import { legacyHash } from "../services/audit_chain.ts";
import { sealAuditChain } from "../services/audit_seal.ts";

async function verify(s: Services, token: string, query = "") {
  const app = await buildTestApp(s);
  const res = await app.request(`/api/audit/verify${query}`, { headers: bearer(token) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return await res.json();
}

async function traffic(s: Services, org: TestOrg, n = 3) {
  const app = await buildTestApp(s);
  for (let i = 0; i < n; i++) {
    const res = await app.request(
      `/api/hospitals/${org.hospital.code}`,
      jsonInit("PATCH", { edBeds: 30 + i }, bearer(org.users.admin.token)),
    );
    expect(res.status).toBe(200);
    await res.body?.cancel();
  }
}

/** What someone with the table owner's rights can do, trigger or not. */
async function asDatabaseAdmin(s: Services, sql: string[], params: unknown[][] = []) {
  await s.db.transaction(async (tx) => {
    await tx.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    for (const [i, q] of sql.entries()) await tx.query(q, params[i] ?? []);
    await tx.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
  });
}

interface Row {
  id: number;
  at: Date;
  orgId: string | null;
  actorId: string | null;
  actor: string;
  action: string;
  resource: string;
  resourceId: string | null;
  requestId: string | null;
  outcome: string;
  hash: string;
  prevHash: string;
}

const rowsOf = (s: Services, chain: string) =>
  s.db.query<Row>(
    `SELECT id, at, org_id AS "orgId", actor_id AS "actorId", actor, action, resource,
       resource_id AS "resourceId", request_id AS "requestId", outcome, hash,
       prev_hash AS "prevHash"
     FROM audit_log WHERE chain = $1 ORDER BY id`,
    [chain],
  );

dbTest("deleting the newest rows and rewinding audit_heads is detected", async (s) => {
  const org = await makeOrg(s, "rewind");
  const admin = org.users.admin.token;
  await traffic(s, org);
  // The head as it was before the newest entries: a careful admin keeps a copy to replay.
  const [saved] = await s.db.query<Record<string, unknown>>(
    "SELECT * FROM audit_heads WHERE chain = $1",
    [org.id],
  );
  await traffic(s, org, 2);
  const good = await verify(s, admin);
  expect(good).toMatchObject({ ok: true, firstBadId: null });
  const token = good.checkpoint.token as string;
  // Delete everything after the saved head and put the saved (validly signed) head back.
  await asDatabaseAdmin(s, [
    "DELETE FROM audit_log WHERE chain = $1 AND id > $2",
    "UPDATE audit_heads SET last_id = $2, last_hash = $3, entries = $4, signature = $5 " +
    "WHERE chain = $1",
  ], [[org.id, saved.last_id], [
    org.id,
    saved.last_id,
    saved.last_hash,
    saved.entries,
    saved.signature,
  ]]);
  const cut = await verify(s, admin);
  expect(cut.ok).toBe(false);
  expect(cut.problem).toContain("checkpoint");
  // Even with the stored checkpoints deleted too, the one kept outside finds it.
  await s.db.query("DELETE FROM audit_checkpoints WHERE chain = $1", [org.id]);
  const outside = await verify(s, admin, `?checkpoint=${token}`);
  expect(outside).toMatchObject({ ok: false });
  expect(outside.problem).toContain("shorter than a checkpoint");
  // A forged checkpoint is refused as such.
  const forged = { ...good.checkpoint, entries: 1 };
  delete forged.token;
  const fake = btoa(JSON.stringify(forged)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
  const refused = await verify(s, admin, `?checkpoint=${fake}`);
  expect(refused).toMatchObject({ ok: false });
  expect(refused.problem).toContain("not a checkpoint of this chain");
});

dbTest("editing a row and recomputing every later hash and the head is detected", async (s) => {
  const org = await makeOrg(s, "rehash");
  await traffic(s, org, 4);
  expect(await verify(s, org.users.admin.token)).toMatchObject({ ok: true });
  const rows = await rowsOf(s, org.id);
  const target = rows[1];
  // Recompute the chain from the edited row on, as the old unkeyed scheme allowed.
  let prev = target.prevHash;
  const sql: string[] = [];
  const params: unknown[][] = [];
  for (const r of rows.slice(1)) {
    const edited = r.id === target.id ? { ...r, actor: "someone-else" } : r;
    const hash = await legacyHash(prev + canonicalAudit(edited));
    sql.push("UPDATE audit_log SET actor = $2, prev_hash = $3, hash = $4 WHERE id = $1");
    params.push([r.id, edited.actor, prev, hash]);
    prev = hash;
  }
  sql.push("UPDATE audit_heads SET last_hash = $2 WHERE chain = $1");
  params.push([org.id, prev]);
  await asDatabaseAdmin(s, sql, params);
  const result = await verify(s, org.users.admin.token);
  expect(result).toMatchObject({ ok: false, firstBadId: target.id });
  // Marking the rewritten rows as pre-upgrade (unkeyed) is a downgrade, found as well.
  await asDatabaseAdmin(s, ["UPDATE audit_log SET hash_version = 1 WHERE chain = $1"], [[
    org.id,
  ]]);
  const downgraded = await verify(s, org.users.admin.token);
  expect(downgraded.ok).toBe(false);
  expect(downgraded.problem).toBe("unkeyed entry after the upgrade");
});

dbTest("the platform admin verifies the platform chain; org admins may not", async (s) => {
  const home = await makeOrg(s, "platform-audit");
  const root = await addUser(s, home.id, "admin", { platformAdmin: true });
  const app = await buildTestApp(s);
  // Creating an organisation writes to the platform admin's chain.
  const created = await app.request(
    "/api/orgs",
    jsonInit("POST", {
      name: `audit-${crypto.randomUUID().slice(0, 6)}`,
      adminEmail: `${crypto.randomUUID().slice(0, 8)}@audit.test`,
      adminPassword: "audit password 123",
    }, bearer(root.token)),
  );
  expect(created.status).toBe(201);
  await created.body?.cancel();
  const platform = await verify(s, root.token, "?chain=platform");
  expect(platform).toMatchObject({ ok: true, firstBadId: null });
  expect(platform.checkpoint.chain).toBe("");
  const refused = await app.request("/api/audit/verify?chain=platform", {
    headers: bearer(home.users.admin.token),
  });
  expect(refused.status).toBe(403);
  expect(refused.headers.get("content-type")).toContain("application/json");
  await refused.body?.cancel();
});

dbTest("rows written before the upgrade (plain SHA-256) still verify", async (s) => {
  // A chain as the previous version wrote it: unkeyed hashes, an unsigned head, ids before the
  // upgrade point.
  const chain = crypto.randomUUID();
  const [{ base }] = await s.db.query<{ base: number }>(
    "SELECT coalesce(max(id), 0)::int8 + 1000000 AS base FROM audit_log",
  );
  let prev = "0".repeat(64);
  const ids = [Number(base) + 1, Number(base) + 2, Number(base) + 3];
  for (const id of ids) {
    const row = {
      id,
      at: new Date("2026-01-01T00:00:00Z"),
      orgId: chain,
      actorId: null,
      actor: "legacy",
      action: "read",
      resource: "users",
      resourceId: null,
      requestId: null,
      outcome: "ok",
    };
    const hash = await legacyHash(prev + canonicalAudit(row));
    await s.db.query(
      `INSERT INTO audit_log (id, at, org_id, actor, action, resource, outcome, prev_hash, hash,
         chain, hash_version) VALUES ($1, $2, $3, 'legacy', 'read', 'users', 'ok', $4, $5, $6, 1)`,
      [id, row.at, chain, prev, hash, chain],
    );
    prev = hash;
  }
  await s.db.query(
    "INSERT INTO audit_heads (chain, last_id, last_hash, entries) VALUES ($1, $2, $3, 3)",
    [chain, ids[2], prev],
  );
  const { verifyAudit } = await import("../services/audit.ts");
  const [{ max_id, signature }] = await s.db.query<{ max_id: number; signature: string }>(
    "SELECT max_id, signature FROM audit_legacy",
  );
  try {
    // The upgrade point as migration 010 set it; the first start after 016 signs it and the
    // unsigned legacy head (an unsigned head or cut-off fails verify since issue 21).
    await s.db.query("UPDATE audit_legacy SET max_id = $1, signature = NULL", [ids[2]]);
    expect(await verifyAudit(s.db, chain)).toMatchObject({
      ok: false,
      problem: "the legacy cut-off is not signed with the audit key",
    });
    expect(await sealAuditChain(s.db)).toMatchObject({ cutoff: true });
    expect(await verifyAudit(s.db, chain)).toMatchObject({ ok: true, checked: 3 });
  } finally {
    await s.db.query("UPDATE audit_legacy SET max_id = $1, signature = $2", [max_id, signature]);
  }
  // Past the upgrade point the same unkeyed rows are a downgrade.
  expect(await verifyAudit(s.db, chain)).toMatchObject({ ok: false, firstBadId: ids[0] });
});
