/**
 * The audit chain against a database superuser (issue 21): the probe raised the unsigned legacy
 * cut-off, downgraded rows to unkeyed hashes and truncated the newest rows, and verify still said
 * ok. Every attack here is plain SQL through the test's own database handle, trigger disabled.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, type TestOrg } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";
import { canonicalAudit } from "../services/audit.ts";
import { legacyHash } from "../services/audit_chain.ts";
import { checkpointExport } from "../services/audit_export.ts";
import { exportNewCheckpoints, sealAuditChain } from "../services/audit_seal.ts";

async function verify(s: Services, token: string, query = "") {
  const app = await buildTestApp(s);
  const res = await app.request(`/api/audit/verify${query}`, { headers: bearer(token) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return await res.json();
}

async function traffic(s: Services, org: TestOrg, n: number) {
  const app = await buildTestApp(s);
  for (let i = 0; i < n; i++) {
    const res = await app.request(
      `/api/hospitals/${org.hospital.code}`,
      jsonInit("PATCH", { edBeds: 40 + i }, bearer(org.users.admin.token)),
    );
    expect(res.status).toBe(200);
    await res.body?.cancel();
  }
}

/** Runs statements as the table owner would, with the append-only trigger off. */
async function asSuperuser(s: Services, sql: [string, unknown[]][]) {
  await s.db.transaction(async (tx) => {
    await tx.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
    for (const [q, p] of sql) await tx.query(q, p);
    await tx.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
  });
}

/** Keeps the cut-off as it was for the other tests of the run. */
async function keepingCutoff(s: Services, fn: () => Promise<void>) {
  const [saved] = await s.db.query<{ max_id: string; signature: string }>(
    "SELECT max_id, signature FROM audit_legacy",
  );
  try {
    await fn();
  } finally {
    await s.db.query("UPDATE audit_legacy SET max_id = $1, signature = $2", [
      saved.max_id,
      saved.signature,
    ]);
  }
}

/** A receiver for AUDIT_CHECKPOINT_URL that keeps what it is sent. */
function checkpointSink() {
  const got: { type: string; checkpoint: { chain: string }; verifyParam: string }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    got.push(await req.json());
    return new Response(null, { status: 204 });
  });
  return { got, url: `http://127.0.0.1:${server.addr.port}/audit`, close: () => server.shutdown() };
}

dbTest("a raised legacy cut-off fails verify, even re-signed by a restart", async (s) => {
  const org = await makeOrg(s, "cutoff");
  const admin = org.users.admin.token;
  await traffic(s, org, 2);
  const good = await verify(s, admin);
  expect(good).toMatchObject({ ok: true, firstBadId: null });
  expect(typeof good.checkpoint.legacyMaxId).toBe("number");
  await keepingCutoff(s, async () => {
    await asSuperuser(s, [["UPDATE audit_legacy SET max_id = max_id + 1000000000", []]]);
    expect(await verify(s, admin)).toMatchObject({
      ok: false,
      problem: "the legacy cut-off is not signed with the audit key",
    });
    // Remove the signature and restart: the start-up signs the raised value…
    await asSuperuser(s, [["UPDATE audit_legacy SET signature = NULL", []]]);
    expect(await sealAuditChain(s.db)).toMatchObject({ cutoff: true });
    // …which the stored checkpoints and, with those deleted, the exported one still catch.
    const stored = await verify(s, admin);
    expect(stored.ok).toBe(false);
    expect(stored.problem).toContain("legacy cut-off changed since the checkpoint");
    await s.db.query("DELETE FROM audit_checkpoints WHERE chain = $1", [org.id]);
    const outside = await verify(s, admin, `?checkpoint=${good.checkpoint.token}`);
    expect(outside.ok).toBe(false);
    expect(outside.problem).toContain("legacy cut-off changed since the checkpoint");
  });
  expect(await verify(s, admin, `?checkpoint=${good.checkpoint.token}`)).toMatchObject({
    ok: true,
  });
});

dbTest("rows downgraded to unkeyed hashes under a raised cut-off fail verify", async (s) => {
  const org = await makeOrg(s, "downgrade");
  const admin = org.users.admin.token;
  await traffic(s, org, 3);
  expect(await verify(s, admin)).toMatchObject({ ok: true });
  const rows = await s.db.query<
    Parameters<typeof canonicalAudit>[0] & { hash: string; prevHash: string }
  >(
    `SELECT id, at, org_id AS "orgId", actor_id AS "actorId", actor, action, resource,
       resource_id AS "resourceId", request_id AS "requestId", outcome, hash,
       prev_hash AS "prevHash" FROM audit_log WHERE chain = $1 ORDER BY id`,
    [org.id],
  );
  // The whole chain rewritten as "legacy": one actor changed, every hash plain SHA-256, the
  // head unsigned, the cut-off raised past it.
  let prev = "0".repeat(64);
  const sql: [string, unknown[]][] = [];
  for (const r of rows) {
    const edited = r.id === rows[1].id ? { ...r, actor: "nobody" } : r;
    const hash = await legacyHash(prev + canonicalAudit(edited));
    sql.push([
      "UPDATE audit_log SET actor = $2, prev_hash = $3, hash = $4, hash_version = 1 WHERE id = $1",
      [r.id, edited.actor, prev, hash],
    ]);
    prev = hash;
  }
  sql.push(["UPDATE audit_heads SET last_hash = $2, signature = NULL WHERE chain = $1", [
    org.id,
    prev,
  ]]);
  sql.push(["UPDATE audit_legacy SET max_id = max_id + 1000000000", []]);
  sql.push(["DELETE FROM audit_checkpoints WHERE chain = $1", [org.id]]);
  await keepingCutoff(s, async () => {
    await asSuperuser(s, sql);
    expect(await verify(s, admin)).toMatchObject({
      ok: false,
      problem: "the legacy cut-off is not signed with the audit key",
    });
  });
  // With the cut-off back, the same rows are a downgrade after the upgrade point.
  expect(await verify(s, admin)).toMatchObject({
    ok: false,
    firstBadId: rows[0].id,
    problem: "unkeyed entry after the upgrade",
  });
});

dbTest("truncation is found with the checkpoint exported to the sink", async (s) => {
  const sink = checkpointSink();
  try {
    const org = await makeOrg(s, "truncate");
    const admin = org.users.admin.token;
    await traffic(s, org, 2);
    const [saved] = await s.db.query<Record<string, unknown>>(
      "SELECT * FROM audit_heads WHERE chain = $1",
      [org.id],
    );
    await traffic(s, org, 3);
    // The periodic job exports the chain's new head: to the log and to the sink.
    const job = await exportNewCheckpoints(
      s.db,
      checkpointExport({ AUDIT_CHECKPOINT_URL: sink.url }),
    );
    expect(job.exported).toBeGreaterThanOrEqual(1);
    expect(job.unsigned).toBe(0);
    const exported = sink.got.find((g) => g.checkpoint.chain === org.id);
    expect(exported?.type).toBe("audit.checkpoint");
    // The verify route exports its checkpoint to the configured sink too.
    const sinkApp = { ...s, config: { ...s.config, AUDIT_CHECKPOINT_URL: sink.url } };
    const before = sink.got.length;
    expect(await verify(sinkApp, admin)).toMatchObject({ ok: true });
    expect(sink.got.length).toBe(before + 1);
    // Delete the three newest rows, replay the saved (validly signed) head, drop every stored
    // checkpoint: what is left in the database is self-consistent.
    await asSuperuser(s, [
      ["DELETE FROM audit_log WHERE chain = $1 AND id > $2", [org.id, saved.last_id]],
      [
        "UPDATE audit_heads SET last_id = $2, last_hash = $3, entries = $4, signature = $5 " +
        "WHERE chain = $1",
        [org.id, saved.last_id, saved.last_hash, saved.entries, saved.signature],
      ],
      ["DELETE FROM audit_checkpoints WHERE chain = $1", [org.id]],
    ]);
    // The database alone cannot tell (this is why checkpoints leave it)…
    expect(await verify(s, admin)).toMatchObject({ ok: true });
    // …the exported checkpoint can.
    const cut = await verify(s, admin, `?checkpoint=${exported!.verifyParam}`);
    expect(cut.ok).toBe(false);
    expect(cut.problem).toContain("shorter than a checkpoint");
  } finally {
    await sink.close();
  }
});
