/**
 * The hot queries use their indexes. Several organisations' hospitals get four weeks of hourly
 * observations, a day of hourly forecast runs and forty plans each; after ANALYZE, the statements
 * the models actually send (captured on the way to the database) are EXPLAINed with their
 * parameters and must reach the big tables through the expected index, never a Seq Scan. No
 * planner setting is changed. The plans are printed, one line each.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { unique } from "./support/accounts.ts";
import type { Queryable } from "../infra/db.ts";
import type { Services } from "../lib/runtime.ts";
import { insertOrg } from "../models/orgs.ts";
import { insertHospital } from "../models/hospitals.ts";
import { ensurePartitions } from "../models/partitions.ts";
import { arrivalSeries, latestDataTs, recentLoad } from "../models/observations.ts";
import { latestPlan, updateRecommendation } from "../models/plans.ts";
import { latestForecast } from "../models/forecasts.ts";
import { rollupJob } from "../workers/rollup.ts";
import { runJob } from "../workers/runner.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ORGS = 6;
const HOSPITALS_PER_ORG = 4;
const PLANS_PER_HOSPITAL = 40;
const BIG_TABLES = [
  "observations",
  "forecasts",
  "plans",
  "recommendations",
  "obs_daily",
  "encounters",
  "environment_readings",
];
/** A big table or one of its partitions. */
const tablePattern = new RegExp(`^(${BIG_TABLES.join("|")})(_p\\d{6}|_default)?$`);

interface Statement {
  text: string;
  params: unknown[];
}

/** A Queryable that passes everything through and remembers what was sent. */
function recording(db: Queryable): { q: Queryable; sent: Statement[] } {
  const sent: Statement[] = [];
  return {
    sent,
    q: {
      query(text, params = []) {
        sent.push({ text, params });
        return db.query(text, params);
      },
      exec: (script) => db.exec(script),
    },
  };
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  if (node["Node Type"].includes("Scan")) out.push(node);
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

const describe = (n: PlanNode) =>
  `${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}` +
  `${n["Relation Name"] ? ` on ${n["Relation Name"]}` : ""}`;

async function explain(db: Queryable, s: Statement): Promise<PlanNode> {
  const [row] = await db.query<{ "QUERY PLAN": unknown }>(
    `EXPLAIN (FORMAT JSON) ${s.text}`,
    s.params,
  );
  const plan = row["QUERY PLAN"];
  const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
  return parsed[0].Plan;
}

async function seedTenants(s: Services, now: Date) {
  const hospitals: { orgId: string; id: string }[] = [];
  for (let o = 0; o < ORGS; o++) {
    const org = (await insertOrg(s.db, unique("org-plans")))!;
    for (let h = 0; h < HOSPITALS_PER_ORG; h++) {
      const row = (await insertHospital(s.db, org.id, {
        code: unique("plan-test"),
        name: `Plan test ${o}/${h}`,
        lat: 34,
        lon: -117,
        edBeds: 20,
        icuBeds: 2,
        staffBaseline: 10,
        timezone: "UTC",
      }))!;
      hospitals.push({ orgId: org.id, id: row.id });
    }
  }
  const from = new Date(now.getTime() - 28 * DAY);
  await ensurePartitions(s.db, "observations", from, now);
  await ensurePartitions(s.db, "forecasts", new Date(now.getTime() - DAY), now);
  const orgIds = hospitals.map((h) => h.orgId), ids = hospitals.map((h) => h.id);
  await s.db.query(
    `INSERT INTO observations (org_id, hospital_id, ts, ed_arrivals, ed_occupancy, source)
     SELECT h.org_id, h.id, t, 5 + (extract(hour FROM t))::int % 6, 20, 'plan_test'
     FROM unnest($1::uuid[], $2::uuid[]) AS h(org_id, id),
       generate_series($3::timestamptz, $4::timestamptz, interval '1 hour') AS t`,
    [orgIds, ids, from, new Date(now.getTime() - HOUR)],
  );
  await s.db.query(
    `INSERT INTO forecasts (org_id, hospital_id, issued_at, model_version, ts, p10, p50, p90)
     SELECT h.org_id, h.id, i, 'plan_test', i + k * interval '1 hour', 1, 2, 3
     FROM unnest($1::uuid[], $2::uuid[]) AS h(org_id, id),
       generate_series($3::timestamptz, $4::timestamptz, interval '1 hour') AS i,
       generate_series(1, 72) AS k`,
    [orgIds, ids, new Date(now.getTime() - DAY), new Date(now.getTime() - HOUR)],
  );
  await s.db.query(
    `WITH p AS (
       INSERT INTO plans (org_id, hospital_id, created_at)
       SELECT h.org_id, h.id, $3::timestamptz - n * interval '1 hour'
       FROM unnest($1::uuid[], $2::uuid[]) AS h(org_id, id), generate_series(1, $4) AS n
       RETURNING id, org_id)
     INSERT INTO recommendations (plan_id, org_id, agent, priority, title, action, rationale,
       evidence, owner_role)
     SELECT p.id, p.org_id, 'agent' || a, 'medium', 'Title', 'Act', 'Because',
       jsonb_build_object('key', 'k' || a), 'coordinator'
     FROM p, generate_series(1, 6) AS a`,
    [orgIds, ids, now, PLANS_PER_HOSPITAL],
  );
  expect((await runJob(s, rollupJob)).outcome).toBe("ok");
  await s.db.exec(
    "ANALYZE observations; ANALYZE forecasts; ANALYZE plans; ANALYZE recommendations; " +
      "ANALYZE obs_daily; ANALYZE hospitals",
  );
  return hospitals;
}

dbTest("EXPLAIN: the hot queries reach the big tables through their indexes", async (s) => {
  const now = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  const hospitals = await seedTenants(s, now);
  try {
    const { orgId, id: hospitalId } = hospitals[HOSPITALS_PER_ORG + 1];
    const cases: { name: string; run: (q: Queryable) => Promise<unknown>; indexes: RegExp[] }[] = [
      {
        name: "overview: recent load of one organisation",
        run: (q) => recentLoad(q, orgId, now),
        indexes: [/org_id_ts/],
      },
      {
        name: "data freshness: the newest hour of each hospital of an organisation",
        run: (q) => latestDataTs(q, orgId, now),
        // Either index finds a hospital's newest hour by a backward scan that stops at it.
        indexes: [/^observations_.*(pkey|org_id_ts_idx)$/],
      },
      {
        name: "latest plan of a hospital, then the plan by id and its recommendations",
        run: (q) => latestPlan(q, orgId, hospitalId),
        indexes: [/^plans_latest$/, /^plans_pkey$/, /^recommendations_plan$/],
      },
      {
        name: "recommendation by id (and the same item in newer plans)",
        run: async (q) => {
          const plan = await latestPlan(s.db, orgId, hospitalId);
          const id = plan!.recommendations[0].id;
          return updateRecommendation(q, orgId, id, { status: "accepted", userId: null });
        },
        indexes: [/^recommendations_pkey$/],
      },
      {
        name: "observations of one hospital, hourly over 7 days",
        run: (q) => arrivalSeries(q, hospitalId, new Date(now.getTime() - 7 * DAY), now),
        indexes: [/^observations_.*pkey$/],
      },
      {
        name: "observations of one hospital, daily over 27 days",
        run: (q) => arrivalSeries(q, hospitalId, new Date(now.getTime() - 27 * DAY), now, "1 day"),
        indexes: [/^obs_daily_pkey$/, /^observations_.*pkey$/],
      },
      {
        name: "latest forecast of a hospital",
        run: (q) => latestForecast(q, orgId, hospitalId),
        indexes: [/^forecasts_.*pkey$/],
      },
    ];
    for (const c of cases) {
      const { q, sent } = recording(s.db);
      await c.run(q);
      const used: string[] = [];
      for (const statement of sent) {
        if (!BIG_TABLES.some((t) => statement.text.includes(t))) continue;
        const plan = await explain(s.db, statement);
        const nodes = scans(plan);
        console.log(
          `EXPLAIN ${s.db.kind} | ${c.name} | ${plan["Node Type"]}: ` +
            nodes.map(describe).join(", "),
        );
        for (const n of nodes) {
          if (n["Node Type"] !== "Seq Scan" || !n["Relation Name"]) continue;
          expect({ seqScan: n["Relation Name"], statement: statement.text })
            .not.toMatchObject({ seqScan: expect.stringMatching(tablePattern) });
        }
        used.push(...nodes.flatMap((n) => n["Index Name"] ?? []));
      }
      for (const index of c.indexes) {
        expect({ query: c.name, used }).toMatchObject({
          used: expect.arrayContaining([expect.stringMatching(index)]),
        });
      }
    }
  } finally {
    const ids = hospitals.map((h) => h.id);
    await s.db.query("DELETE FROM plans WHERE hospital_id = ANY($1::uuid[])", [ids]);
    await s.db.query("DELETE FROM obs_daily WHERE hospital_id = ANY($1::uuid[])", [ids]);
    await s.db.query("DELETE FROM hospitals WHERE id = ANY($1::uuid[])", [ids]);
  }
});
