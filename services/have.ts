/**
 * EDXL-HAVE documents of an organisation (GET /api/have) or one hospital: the board's readiness
 * (services/overview.ts, so HAVE and the board always agree), the ED's reported status and
 * NEDOCS, beds and surge. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import { overviewRows } from "./overview.ts";
import { orgBoardStatus } from "./ed_status.ts";
import { orgSettings } from "./settings.ts";
import { maxSurgeBeds } from "../domain/settings.ts";
import { readinessWords } from "../domain/ed_status.ts";
import { haveDocument, type HaveHospital } from "../domain/have.ts";

/** The HAVE view of the organisation's hospitals (one when `only` is given). */
export async function haveHospitals(
  db: Queryable,
  orgId: string,
  now = new Date(),
  only?: Pick<Hospital, "id">,
): Promise<HaveHospital[]> {
  const [hospitals, rows, board, settings] = await Promise.all([
    listHospitals(db, orgId),
    overviewRows(db, orgId, now),
    orgBoardStatus(db, orgId, now),
    orgSettings(db, orgId),
  ]);
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  return hospitals.filter((h) => !only || h.id === only.id).map((h) => {
    const row = rowOf.get(h.id), b = board.get(h.id);
    const readiness = row?.readiness ?? "unknown";
    const times = [b?.status.at, row?.planAt].filter((t): t is string => !!t).sort();
    return {
      code: h.code,
      name: h.name,
      lat: h.lat,
      lon: h.lon,
      edBeds: h.edBeds,
      icuBeds: h.icuBeds,
      surgeBeds: maxSurgeBeds(h.edBeds, settings),
      readiness,
      readinessWords: readinessWords(readiness, b?.status),
      status: b?.status ?? null,
      nedocs: b?.nedocs ?? null,
      lastUpdate: times.length ? new Date(times[times.length - 1]) : now,
    };
  });
}

/** The `HospitalStatus` XML of the organisation's hospitals (or one). */
export async function haveXml(
  db: Queryable,
  orgId: string,
  only?: Pick<Hospital, "id">,
): Promise<string> {
  return haveDocument(await haveHospitals(db, orgId, new Date(), only));
}
