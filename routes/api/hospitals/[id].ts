import type { Handlers } from "../../../framework/types.ts";
import { notFound } from "../../../framework/http_error.ts";
import { readJson } from "../../../lib/schemas/parse.ts";
import { hospitalPatch } from "../../../lib/schemas/hospitals.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { hospitalJson } from "../../../lib/api_json.ts";
import { getHospital, updateHospital } from "../../../models/hospitals.ts";

export const handler: Handlers = {
  /** One hospital, by the organisation's id for it or by its uuid. */
  async GET(ctx) {
    const h = await getHospital(ctx.state.db, orgOf(ctx.state), ctx.params.id);
    if (!h) throw notFound("hospital");
    return Response.json(hospitalJson(h));
  },
  /** Changes some of a hospital's fields. */
  async PATCH(ctx) {
    const orgId = orgOf(ctx.state);
    const found = await getHospital(ctx.state.db, orgId, ctx.params.id);
    if (!found) throw notFound("hospital");
    const patch = await readJson(ctx.req, hospitalPatch);
    const h = await updateHospital(ctx.state.db, orgId, found.id, patch);
    if (!h) throw notFound("hospital");
    return Response.json(hospitalJson(h));
  },
};
