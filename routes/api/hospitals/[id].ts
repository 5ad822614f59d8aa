import { define } from "../../../lib/define.ts";
import { everyone, planners } from "../../../lib/access.ts";
import { orgActor, orgOf } from "../../../lib/caller.ts";
import { notFound } from "../../../framework/http_error.ts";
import { idParams } from "../../../lib/schemas/common.ts";
import { hospitalOut, hospitalPatch } from "../../../lib/schemas/hospitals.ts";
import { hospitalJson } from "../../../lib/api_json.ts";
import { getHospital } from "../../../models/hospitals.ts";
import { changeHospital } from "../../../services/hospitals.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "One hospital (own id or uuid)",
    tags: ["hospitals"],
    params: idParams,
    responses: { 200: { schema: hospitalOut } },
    errors: [404],
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      const h = await getHospital(ctx.state.db, orgOf(ctx.state), ctx.params.id);
      if (!h) throw notFound("hospital");
      return hospitalJson(h);
    },
  }),
  PATCH: define.operation({
    summary: "Change a hospital",
    tags: ["hospitals"],
    params: idParams,
    body: { json: hospitalPatch },
    responses: { 200: { schema: hospitalOut } },
    errors: [404],
    meta: { access: planners, audit: { resource: "hospitals" } },
    async handler(ctx) {
      return hospitalJson(
        await changeHospital(ctx.state, orgActor(ctx.state), ctx.params.id, ctx.body),
      );
    },
  }),
});
