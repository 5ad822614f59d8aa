/** Registering and changing hospitals: one transaction each, audited inside it. */
import { HttpError, notFound } from "../framework/http_error.ts";
import {
  getHospital,
  type HospitalFields,
  insertHospital,
  updateHospital,
} from "../models/hospitals.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { requestRefresh } from "./refresh.ts";

/** Registers a hospital under the organisation's own id (`code`) for it. */
export async function registerHospital(
  deps: Deps,
  who: Actor & { orgId: string },
  input: HospitalFields & { code: string },
) {
  const h = await deps.db.transaction(async (tx) => {
    const row = await insertHospital(tx, who.orgId, input);
    if (!row) {
      throw new HttpError(409, "conflict", `hospital ${input.code} exists`, [
        { path: "id", message: "already used in this organisation" },
      ]);
    }
    await auditChange(tx, who, "create", "hospitals", row.id);
    await requestRefresh(tx, who.orgId, "hospital");
    return row;
  });
  await changed(deps.cache, who.orgId);
  return h;
}

/** Changes some of a hospital's fields (by the organisation's id for it or its uuid). */
export async function changeHospital(
  deps: Deps,
  who: Actor & { orgId: string },
  id: string,
  patch: Partial<HospitalFields>,
) {
  const h = await deps.db.transaction(async (tx) => {
    const found = await getHospital(tx, who.orgId, id);
    if (!found) throw notFound("hospital");
    const row = await updateHospital(tx, who.orgId, found.id, patch);
    if (!row) throw notFound("hospital");
    await auditChange(tx, who, "update", "hospitals", row.id);
    await requestRefresh(tx, who.orgId, "hospital");
    return row;
  });
  await changed(deps.cache, who.orgId);
  return h;
}
