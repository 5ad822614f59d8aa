import { z } from "zod";
import type { Handlers } from "../../../framework/types.ts";
import { readQuery } from "../../../lib/schemas/parse.ts";
import { instant } from "../../../lib/schemas/common.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { listAudit } from "../../../services/audit.ts";

export const auditQuery = z.strictObject({
  actor: z.string().max(254).optional(),
  resource: z.string().max(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const handler: Handlers = {
  /** The organisation's audit entries, newest first. */
  async GET(ctx) {
    const q = readQuery(ctx.url, auditQuery);
    const rows = await listAudit(ctx.state.db, orgOf(ctx.state), q);
    return Response.json({
      entries: rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() })),
    });
  },
};
