import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgOf } from "../../../lib/caller.ts";
import { instant } from "../../../lib/schemas/common.ts";
import { auditListOut } from "../../../lib/schemas/api.ts";
import { listAudit } from "../../../services/audit.ts";

export const auditQuery = z.strictObject({
  actor: z.string().max(254).optional().meta({ description: "e-mail or api-key:<prefix>" }),
  resource: z.string().max(64).optional().meta({ description: "e.g. observations, users" }),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const handler = define.api({
  GET: define.operation({
    summary: "Audit log",
    description: "The organisation's audit entries, newest first.",
    tags: ["audit"],
    query: auditQuery,
    responses: { 200: { schema: auditListOut } },
    meta: { access: admins, audit: { resource: "audit" } },
    async handler(ctx) {
      const rows = await listAudit(ctx.state.db, orgOf(ctx.state), ctx.query);
      return {
        entries: rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() })),
      };
    },
  }),
});
