/**
 * After a change commits: drop the organisation's cached page data and tell live dashboards.
 * Services call this once per successful change, so pages, API and jobs behave the same.
 */
import type { Cache } from "../infra/cache.ts";
import { invalidateOrg } from "../infra/org_cache.ts";
import { type LiveEventType, publishLive } from "../infra/live.ts";

export async function changed(
  cache: Cache,
  orgId: string,
  live?: { type: LiveEventType; data: Record<string, unknown> },
) {
  invalidateOrg(orgId);
  if (live) await publishLive(cache, live.type, orgId, live.data);
}
