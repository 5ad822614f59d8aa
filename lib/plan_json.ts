/** Plans and recommendations in the API's shapes (CONTRACT.md). */
import type { StoredPlan, StoredRecommendation } from "../models/plans.ts";
import type { ReadinessSummary } from "../domain/readiness.ts";

export const recommendationJson = (r: StoredRecommendation) => ({
  id: r.id,
  agent: r.agent,
  priority: r.priority,
  title: r.title,
  action: r.action,
  rationale: r.rationale,
  evidence: r.evidence,
  ownerRole: r.ownerRole,
  hicsRole: typeof r.evidence.hicsRole === "string" ? r.evidence.hicsRole : null,
  dueAt: r.dueAt ? r.dueAt.toISOString() : null,
  status: r.status,
  note: r.note,
  updatedAt: r.updatedAt.toISOString(),
});

/** `hospitalId` is the organisation's own code for the hospital. */
export const planJson = (
  p: StoredPlan & {
    summary?: { readiness?: ReadinessSummary; modelVersion?: string | null } | null;
  },
  hospitalCode: string,
) => ({
  id: p.id,
  hospitalId: hospitalCode,
  createdAt: p.createdAt.toISOString(),
  forecastIssuedAt: p.forecastIssuedAt?.toISOString() ?? null,
  modelVersion: p.summary?.modelVersion ?? null,
  readiness: p.summary?.readiness
    ? {
      level: p.summary.readiness.level,
      from: p.summary.readiness.from,
      next24h: p.summary.readiness.next24h,
      hoursOver: p.summary.readiness.hoursOver,
      peakCensusP90: p.summary.readiness.peak?.p90 ?? null,
      beds: p.summary.readiness.beds,
      surgeBeds: p.summary.readiness.surgeBeds,
    }
    : null,
  recommendations: p.recommendations.map(recommendationJson),
});
