/**
 * Data layer guarantees from issue #9: model activation is one transaction, ids are checked
 * before they meet a uuid column, time series belong to a hospital of the same organisation, and
 * one organisation's upload never waits for another's.
 */
import { expect } from "expect";
import { dbTest, testServices } from "./support/services.ts";
import { unique } from "./support/accounts.ts";
import type { Services } from "../lib/runtime.ts";
import { insertOrg } from "../models/orgs.ts";
import { insertHospital } from "../models/hospitals.ts";
import { ensurePartitions } from "../models/partitions.ts";
import { updateRecommendation } from "../models/plans.ts";
import {
  activateVersion,
  activeModel,
  ensureActiveModel,
  registerVersion,
} from "../ml/registry.ts";
import { ingestObservations } from "../services/ingest/observations.ts";

const HOUR = 3_600_000;

async function makeHospital(s: Services, label: string) {
  const org = (await insertOrg(s.db, unique(`org-${label}`)))!;
  const hospital = (await insertHospital(s.db, org.id, {
    code: unique(label),
    name: `${label} hospital`,
    lat: 33.8,
    lon: -116.5,
    edBeds: 20,
    icuBeds: 2,
    staffBaseline: 10,
    timezone: "UTC",
  }))!;
  return { orgId: org.id, hospitalId: hospital.id, code: hospital.code };
}

dbTest("activating a model version is one transaction", async (s) => {
  const before = await ensureActiveModel(s.db);
  // An unknown version changes nothing: the active model stays active.
  await expect(activateVersion(s.db, "no-such-version", "test")).rejects.toThrow(
    "no model version no-such-version",
  );
  expect((await activeModel(s.db))?.version).toBe(before.version);

  const spare = unique("test-model");
  await registerVersion(s.db, {
    version: spare,
    dataFrom: new Date(0),
    dataTo: new Date(HOUR),
    spec: before.spec,
    metrics: {},
    artifact: before.artifact,
  });
  try {
    // Two activations at once queue up; exactly one version is active afterwards.
    await Promise.all([
      activateVersion(s.db, spare, "test"),
      activateVersion(s.db, before.version, "test"),
    ]);
    const active = await s.db.query<{ version: string }>(
      "SELECT version FROM model_versions WHERE active AND org_id IS NULL",
    );
    expect(active.length).toBe(1);
  } finally {
    await activateVersion(s.db, before.version, "test");
    await s.db.query("DELETE FROM model_versions WHERE version = $1", [spare]);
  }
  expect((await activeModel(s.db))?.version).toBe(before.version);
});

dbTest("a recommendation id that is not a uuid matches nothing instead of failing", async (s) => {
  const { orgId } = await makeHospital(s, "rec-id");
  const change = { status: "accepted" as const, userId: null };
  for (const id of ["not-a-uuid", "------------------------------------", "1 OR true"]) {
    expect(await updateRecommendation(s.db, orgId, id, change)).toBeNull();
  }
  expect(await updateRecommendation(s.db, orgId, crypto.randomUUID(), change)).toBeNull();
});

dbTest("an observation, encounter or forecast needs a hospital of its organisation", async (s) => {
  const a = await makeHospital(s, "fk-a");
  const b = await makeHospital(s, "fk-b");
  const ts = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  await ensurePartitions(s.db, "observations", ts, new Date(ts.getTime() + HOUR));
  const insert = (orgId: string, hospitalId: string) =>
    s.db.query(
      `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals) VALUES ($1, $2, $3, 1)`,
      [orgId, hospitalId, ts],
    );
  await expect(insert(a.orgId, b.hospitalId)).rejects.toThrow(/foreign key/);
  await expect(insert(a.orgId, crypto.randomUUID())).rejects.toThrow(/foreign key/);
  for (const table of ["encounters", "forecasts"]) {
    const [fk] = await s.db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = $1::regclass AND contype = 'f'`,
      [table],
    );
    expect(fk.def).toBe(
      "FOREIGN KEY (org_id, hospital_id) REFERENCES hospitals(org_id, id) ON DELETE CASCADE",
    );
  }
  await insert(a.orgId, a.hospitalId);
  await s.db.query("DELETE FROM hospitals WHERE id = $1", [a.hospitalId]);
  const left = await s.db.query("SELECT 1 FROM observations WHERE hospital_id = $1", [
    a.hospitalId,
  ]);
  expect(left.length).toBe(0);
  await s.db.query("DELETE FROM hospitals WHERE id = $1", [b.hospitalId]);
});

/** Rejects when p has not settled within ms. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

// PGlite has a single connection, so two transactions can never be open at once there.
Deno.test({
  name: "an upload waits for no other organisation's upload (PostgreSQL)",
  ignore: !Deno.env.get("DATABASE_URL"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = await testServices();
    const a = await makeHospital(s, "upload-a");
    const b = await makeHospital(s, "upload-b");
    const ts = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
    try {
      await s.db.transaction(async (tx) => {
        // Organisation A's upload, stopped just before its commit.
        await ensurePartitions(tx, "observations", ts, new Date(ts.getTime() + HOUR));
        await tx.query(
          `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals) VALUES ($1, $2, $3, 4)`,
          [a.orgId, a.hospitalId, ts],
        );
        const input = { hospitalId: b.code, ts: ts.toISOString(), edArrivals: 7 };
        const other = ingestObservations(s.db, b.orgId, [{ row: 0, at: ["records", 0], input }], {
          partial: false,
        });
        expect(await within(other, 10_000)).toEqual({ accepted: 1, rejected: 0, errors: [] });
      });
    } finally {
      await s.db.query("DELETE FROM hospitals WHERE id = ANY($1::uuid[])", [
        [a.hospitalId, b.hospitalId],
      ]);
    }
  },
});
