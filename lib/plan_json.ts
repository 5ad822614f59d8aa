/** Plans and recommendations in the API's shapes (CONTRACT.md). */
import type { StoredPlan, StoredRecommendation } from "../models/plans.ts";

export const recommendationJson = (r: StoredRecommendation) => ({
  id: r.id,
  agent: r.agent,
  priority: r.priority,
  title: r.title,
  action: r.action,
  rationale: r.rationale,
  evidence: r.evidence,
  ownerRole: r.ownerRole,
  dueAt: r.dueAt ? r.dueAt.toISOString() : null,
  status: r.status,
  note: r.note,
  updatedAt: r.updatedAt.toISOString(),
});

/** `hospitalId` is the organisation's own code for the hospital. */
export const planJson = (p: StoredPlan, hospitalCode: string) => ({
  id: p.id,
  hospitalId: hospitalCode,
  createdAt: p.createdAt.toISOString(),
  forecastIssuedAt: p.forecastIssuedAt?.toISOString() ?? null,
  recommendations: p.recommendations.map(recommendationJson),
});
