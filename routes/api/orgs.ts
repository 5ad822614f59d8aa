import { z } from "zod";
import { define } from "../../lib/define.ts";
import { platformAdminOnly } from "../../lib/access.ts";
import { actorOf } from "../../lib/caller.ts";
import { orgCreate } from "../../lib/schemas/accounts.ts";
import { orgCreated, orgOut } from "../../lib/schemas/api.ts";
import { listOrgs } from "../../models/orgs.ts";
import { createOrg } from "../../services/accounts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Organisations",
    description: "Every organisation, the demo first; the platform admin picks one with X-Org-Id.",
    tags: ["accounts"],
    responses: { 200: { schema: z.array(orgOut) } },
    meta: { access: platformAdminOnly, audit: { resource: "orgs" } },
    async handler(ctx) {
      const orgs = await listOrgs(ctx.state.db);
      return orgs.map((o) => ({ id: o.id, name: o.name, isDemo: o.isDemo }));
    },
  }),
  POST: define.operation({
    summary: "Create an organisation and its admin",
    tags: ["accounts"],
    body: { json: orgCreate },
    responses: { 201: { schema: orgCreated } },
    errors: [409],
    meta: { access: platformAdminOnly, audit: { resource: "orgs" } },
    async handler(ctx) {
      const { org, admin } = await createOrg(ctx.state, actorOf(ctx.state), ctx.body);
      return {
        id: org.id,
        name: org.name,
        admin: { id: admin.id, email: admin.email, role: "admin" as const },
      };
    },
  }),
});
