import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { everyone, planners } from "../../../lib/access.ts";
import { orgActor, orgOf } from "../../../lib/caller.ts";
import { hospitalCreate, hospitalOut } from "../../../lib/schemas/hospitals.ts";
import { hospitalJson } from "../../../lib/api_json.ts";
import { listHospitals } from "../../../models/hospitals.ts";
import { registerHospital } from "../../../services/hospitals.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Hospitals",
    tags: ["hospitals"],
    responses: { 200: { schema: z.array(hospitalOut) } },
    // Names, places and bed counts are the organisation's public facts: no row per read.
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      return (await listHospitals(ctx.state.db, orgOf(ctx.state))).map(hospitalJson);
    },
  }),
  POST: define.operation({
    summary: "Register a hospital",
    description: "`id` is the organisation's own identifier for it.",
    tags: ["hospitals"],
    body: { json: hospitalCreate },
    responses: { 201: { schema: hospitalOut } },
    errors: [409],
    meta: { access: planners, audit: { resource: "hospitals" } },
    async handler(ctx) {
      const { id, ...fields } = ctx.body;
      return hospitalJson(
        await registerHospital(ctx.state, orgActor(ctx.state), { code: id, ...fields }),
      );
    },
  }),
});
