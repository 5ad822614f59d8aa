/** Decisions on plan recommendations (accept, dismiss, done), audited with the change. */
import { notFound } from "../framework/http_error.ts";
import { type RecommendationStatus, updateRecommendation } from "../models/plans.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";

/** Records a decision on a recommendation of any plan of the organisation. */
export async function decideRecommendation(
  deps: Deps,
  who: Actor & { orgId: string },
  id: string,
  decision: { status: RecommendationStatus; note?: string | null },
) {
  const r = await deps.db.transaction(async (tx) => {
    const row = await updateRecommendation(tx, who.orgId, id, {
      status: decision.status,
      note: decision.note,
      userId: who.actorId,
    });
    if (!row) throw notFound("recommendation");
    await auditChange(tx, who, "update", "recommendations", row.id);
    return row;
  });
  await changed(deps.cache, who.orgId, {
    type: "plan",
    data: { recommendationId: r.id, status: r.status },
  });
  return r;
}
