/**
 * Live ED status of an organisation's hospitals: the latest reported values of the last
 * ED_STATUS_LOOKBACK_HOURS, and NEDOCS now and over the census forecast. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import type { NedocsNow } from "../domain/nedocs.ts";
import { recentStatusHours } from "../models/ed_status.ts";
import {
  ED_STATUS_LOOKBACK_HOURS,
  type EdStatus,
  latestEdStatus,
  nedocsOf,
} from "../domain/ed_status.ts";

/** Latest status of every hospital of the organisation, by hospital id. */
export async function orgEdStatus(
  db: Queryable,
  orgId: string,
  now = new Date(),
): Promise<Map<string, EdStatus>> {
  const hours = await recentStatusHours(db, orgId, now, ED_STATUS_LOOKBACK_HOURS);
  return new Map([...hours].map(([id, list]) => [id, latestEdStatus(list)]));
}

/** Latest status of one hospital (every field null when nothing was reported). */
export async function hospitalEdStatus(
  db: Queryable,
  orgId: string,
  h: Pick<Hospital, "id">,
  now = new Date(),
): Promise<EdStatus> {
  const hours = await recentStatusHours(db, orgId, now, ED_STATUS_LOOKBACK_HOURS, h.id);
  return latestEdStatus(hours.get(h.id) ?? []);
}

/** NEDOCS for the forecast answer (CONTRACT.md `nedocs`), absent when inputs are missing. */
export async function hospitalNedocs(
  db: Queryable,
  orgId: string,
  h: Pick<Hospital, "id" | "edBeds" | "inpatientBeds">,
  census: { ts: string; p50: number; mean?: number }[],
  now = new Date(),
) {
  const status = await hospitalEdStatus(db, orgId, h, now);
  return nedocsOf(h, status, census).nedocs ?? undefined;
}

/** Per hospital id: the latest status and NEDOCS now (no projection), for the board. */
export async function orgBoardStatus(db: Queryable, orgId: string, now = new Date()) {
  const [statuses, hospitals] = await Promise.all([
    orgEdStatus(db, orgId, now),
    listHospitals(db, orgId),
  ]);
  const out = new Map<string, { status: EdStatus; nedocs: NedocsNow | null }>();
  for (const h of hospitals) {
    const status = statuses.get(h.id);
    if (status) out.set(h.id, { status, nedocs: nedocsOf(h, status, []).nedocs });
  }
  return out;
}
