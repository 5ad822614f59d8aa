/** Small reads many pages share, cached per organisation for a few seconds. */
import { cachedForOrg } from "../infra/org_cache.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import type { AppState } from "./define.ts";

/** The organisation's hospitals by name (cached like the overview's data). */
export function orgHospitals(state: AppState, orgId: string): Promise<Hospital[]> {
  return cachedForOrg(orgId, "hospitals", () => listHospitals(state.db, orgId));
}

/**
 * The zone an organisation's event and plan times are shown in: its first hospital's, UTC for
 * an organisation without hospitals. (The organisation's own default zone comes with settings.)
 */
export async function orgTimeZone(state: AppState, orgId: string): Promise<string> {
  return (await orgHospitals(state, orgId))[0]?.timezone ?? "UTC";
}
