import type { Handlers } from "../../../framework/types.ts";
import { HttpError } from "../../../framework/http_error.ts";
import { readJson } from "../../../lib/schemas/parse.ts";
import { hospitalCreate } from "../../../lib/schemas/hospitals.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { hospitalJson } from "../../../lib/api_json.ts";
import { insertHospital, listHospitals } from "../../../models/hospitals.ts";

export const handler: Handlers = {
  /** The organisation's hospitals. */
  async GET(ctx) {
    return Response.json((await listHospitals(ctx.state.db, orgOf(ctx.state))).map(hospitalJson));
  },
  /** Registers a hospital under the organisation's own id for it. */
  async POST(ctx) {
    const { id, ...fields } = await readJson(ctx.req, hospitalCreate);
    const h = await insertHospital(ctx.state.db, orgOf(ctx.state), { code: id, ...fields });
    if (!h) {
      throw new HttpError(409, "conflict", `hospital ${id} exists`, [
        { path: "id", message: "already used in this organisation" },
      ]);
    }
    return Response.json(hospitalJson(h), { status: 201 });
  },
};
