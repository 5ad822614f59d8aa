/**
 * Action plans: one plan per hospital per run, with its recommendations. Statuses carry over
 * between runs by (agent, evidence.key), so an accepted or dismissed item stays so next hour.
 */
import type { Db, Queryable } from "../infra/db.ts";
import type { RecommendationDraft } from "../domain/plans/types.ts";
import { isUuid } from "./ids.ts";

export const recommendationStatuses = ["open", "accepted", "dismissed", "done"] as const;
export type RecommendationStatus = typeof recommendationStatuses[number];

export interface StoredRecommendation {
  id: string;
  agent: string;
  priority: string;
  title: string;
  action: string;
  rationale: string;
  evidence: Record<string, unknown>;
  ownerRole: string;
  dueAt: Date | null;
  status: RecommendationStatus;
  note: string | null;
  updatedAt: Date;
}

export interface StoredPlan {
  id: string;
  hospitalId: string;
  createdAt: Date;
  forecastIssuedAt: Date | null;
  recommendations: StoredRecommendation[];
}

/** How far back a decision on "the same" recommendation is remembered. */
const CARRY_OVER_DAYS = 7;

const recColumns = `id, agent, priority, title, action, rationale, evidence,
  owner_role AS "ownerRole", due_at AS "dueAt", status, note, updated_at AS "updatedAt"`;

const rank = `CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3
  END`;

/**
 * Stores a plan and its recommendations in one transaction. Each recommendation takes the latest
 * decision (status, note) on the same agent + key among the hospital's plans of the last 7 days.
 */
export function storePlan(
  db: Db,
  p: {
    orgId: string;
    hospitalId: string;
    forecastIssuedAt: Date | null;
    now: Date;
    /** What the plan was built on (readiness, census), kept with it. */
    summary?: Record<string, unknown>;
  },
  drafts: RecommendationDraft[],
): Promise<StoredPlan> {
  return db.transaction(async (tx) => {
    const decided = await tx.query<{
      agent: string;
      key: string;
      status: string;
      note: string | null;
      updatedBy: string | null;
      updatedAt: Date;
    }>(
      `SELECT DISTINCT ON (r.agent, r.evidence->>'key') r.agent, r.evidence->>'key' AS key,
         r.status, r.note, r.updated_by AS "updatedBy", r.updated_at AS "updatedAt"
       FROM recommendations r JOIN plans p ON p.id = r.plan_id
       WHERE p.org_id = $1 AND p.hospital_id = $2 AND p.created_at > $3 AND r.status <> 'open'
       ORDER BY r.agent, r.evidence->>'key', r.updated_at DESC`,
      [p.orgId, p.hospitalId, new Date(p.now.getTime() - CARRY_OVER_DAYS * 86_400_000)],
    );
    const prior = new Map(decided.map((d) => [`${d.agent}\u0000${d.key}`, d]));
    const [plan] = await tx.query<{ id: string; createdAt: Date }>(
      `INSERT INTO plans (org_id, hospital_id, created_at, forecast_issued_at, summary)
       VALUES ($1, $2, $3, $4, $5::text::jsonb) RETURNING id, created_at AS "createdAt"`,
      [
        p.orgId,
        p.hospitalId,
        p.now,
        p.forecastIssuedAt,
        JSON.stringify({ ...p.summary, count: drafts.length }),
      ],
    );
    for (const d of drafts) {
      const before = prior.get(`${d.agent}\u0000${d.key}`);
      await tx.query(
        `INSERT INTO recommendations (plan_id, org_id, agent, priority, title, action, rationale,
           evidence, owner_role, due_at, status, note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13, $14)`,
        [
          plan.id,
          p.orgId,
          d.agent,
          d.priority,
          d.title,
          d.action,
          d.rationale,
          JSON.stringify({ ...d.evidence, key: d.key }),
          d.ownerRole,
          d.dueAt,
          before?.status ?? "open",
          before?.note ?? null,
          before?.updatedBy ?? null,
          before?.updatedAt ?? p.now,
        ],
      );
    }
    return (await planById(tx, p.orgId, plan.id))!;
  });
}

type PlanHead = Omit<StoredPlan, "recommendations">;

const recommendationOf = (r: StoredRecommendation) => ({
  ...r,
  evidence: typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence,
  dueAt: r.dueAt ? new Date(r.dueAt) : null,
  updatedAt: new Date(r.updatedAt),
});

const planOf = (plan: PlanHead, recs: StoredRecommendation[]): StoredPlan => ({
  ...plan,
  createdAt: new Date(plan.createdAt),
  forecastIssuedAt: plan.forecastIssuedAt ? new Date(plan.forecastIssuedAt) : null,
  recommendations: recs.map(recommendationOf),
});

async function planById(db: Queryable, orgId: string, id: string): Promise<StoredPlan | null> {
  const [plan] = await db.query<PlanHead>(
    `SELECT id, hospital_id AS "hospitalId", created_at AS "createdAt",
       forecast_issued_at AS "forecastIssuedAt" FROM plans WHERE org_id = $1 AND id = $2`,
    [orgId, id],
  );
  if (!plan) return null;
  const recs = await db.query<StoredRecommendation>(
    `SELECT ${recColumns} FROM recommendations WHERE plan_id = $1 AND org_id = $2
     ORDER BY ${rank}, due_at NULLS LAST, agent`,
    [id, orgId],
  );
  return planOf(plan, recs);
}

/** The newest plan of every hospital of an organisation, by hospital id (two queries in all). */
export async function latestPlans(
  db: Queryable,
  orgId: string,
): Promise<Map<string, StoredPlan & { summary: Record<string, unknown> | null }>> {
  const heads = await db.query<PlanHead & { summary: unknown }>(
    `SELECT DISTINCT ON (hospital_id) id, hospital_id AS "hospitalId", created_at AS "createdAt",
       forecast_issued_at AS "forecastIssuedAt", summary
     FROM plans WHERE org_id = $1 ORDER BY hospital_id, created_at DESC`,
    [orgId],
  );
  if (!heads.length) return new Map();
  const recs = await db.query<StoredRecommendation & { planId: string }>(
    `SELECT ${recColumns}, plan_id AS "planId" FROM recommendations
     WHERE org_id = $1 AND plan_id = ANY($2::uuid[])
     ORDER BY ${rank}, due_at NULLS LAST, agent`,
    [orgId, heads.map((h) => h.id)],
  );
  const byPlan = Map.groupBy(recs, (r) => r.planId);
  return new Map(
    heads.map(({ summary, ...h }) => [
      h.hospitalId,
      {
        ...planOf(h, (byPlan.get(h.id) ?? []).map(({ planId: _, ...r }) => r)),
        summary: (typeof summary === "string" ? JSON.parse(summary) : summary) as
          | Record<string, unknown>
          | null,
      },
    ]),
  );
}

/** The newest plan of a hospital of an organisation, or null. */
export async function latestPlan(
  db: Queryable,
  orgId: string,
  hospitalId: string,
): Promise<StoredPlan | null> {
  const [head] = await db.query<{ id: string }>(
    `SELECT id FROM plans WHERE org_id = $1 AND hospital_id = $2
     ORDER BY created_at DESC LIMIT 1`,
    [orgId, hospitalId],
  );
  return head ? planById(db, orgId, head.id) : null;
}

/**
 * Records a decision on a recommendation of the organisation (any plan, also an older one);
 * null when there is no such recommendation in that organisation.
 */
export async function updateRecommendation(
  db: Queryable,
  orgId: string,
  id: string,
  change: { status: RecommendationStatus; note?: string | null; userId: string | null },
): Promise<(StoredRecommendation & { hospitalId: string }) | null> {
  if (!isUuid(id)) return null;
  const rows = await db.query<StoredRecommendation & { hospitalId: string }>(
    `UPDATE recommendations r SET status = $3, note = coalesce($4, r.note), updated_by = $5,
       updated_at = now()
     FROM plans p
     WHERE r.id = $2 AND r.org_id = $1 AND p.id = r.plan_id
     RETURNING r.id, r.agent, r.priority, r.title, r.action, r.rationale, r.evidence,
       r.owner_role AS "ownerRole", r.due_at AS "dueAt", r.status, r.note,
       r.updated_at AS "updatedAt", p.hospital_id AS "hospitalId"`,
    [orgId, id, change.status, change.note ?? null, change.userId],
  );
  const r = rows[0];
  if (!r) return null;
  // A decision taken on an older plan applies to the same item in the hospital's newer plans.
  await db.query(
    `UPDATE recommendations n SET status = o.status, note = o.note, updated_by = o.updated_by,
       updated_at = o.updated_at
     FROM recommendations o JOIN plans op ON op.id = o.plan_id, plans np
     WHERE o.id = $2 AND n.org_id = $1 AND np.id = n.plan_id AND np.hospital_id = op.hospital_id
       AND np.created_at > op.created_at AND n.agent = o.agent
       AND n.evidence->>'key' = o.evidence->>'key'`,
    [orgId, r.id],
  );
  return {
    ...r,
    evidence: typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence,
    dueAt: r.dueAt ? new Date(r.dueAt) : null,
    updatedAt: new Date(r.updatedAt),
  };
}

/** The summary stored with a plan (readiness and census it was built on), or null. */
export async function planSummary(
  db: Queryable,
  orgId: string,
  planId: string,
): Promise<Record<string, unknown> | null> {
  const [row] = await db.query<{ summary: unknown }>(
    `SELECT summary FROM plans WHERE org_id = $1 AND id = $2::uuid`,
    [orgId, planId],
  );
  if (!row) return null;
  return (typeof row.summary === "string" ? JSON.parse(row.summary) : row.summary) as Record<
    string,
    unknown
  >;
}

/** The newest plan's id, time and summary of every hospital of an organisation. */
export async function latestPlanSummaries(
  db: Queryable,
  orgId: string,
): Promise<
  { hospitalId: string; planId: string; createdAt: Date; summary: Record<string, unknown> }[]
> {
  const rows = await db.query<
    { hospitalId: string; planId: string; createdAt: Date; summary: unknown }
  >(
    `SELECT DISTINCT ON (hospital_id) hospital_id AS "hospitalId", id AS "planId",
       created_at AS "createdAt", summary
     FROM plans WHERE org_id = $1 ORDER BY hospital_id, created_at DESC`,
    [orgId],
  );
  return rows.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt),
    summary: (typeof r.summary === "string" ? JSON.parse(r.summary) : r.summary) as Record<
      string,
      unknown
    >,
  }));
}
