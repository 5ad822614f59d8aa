import { z } from "zod";
import { define } from "../../../lib/define.ts";
import { admins } from "../../../lib/access.ts";
import { orgOf } from "../../../lib/caller.ts";
import { auditVerifyOut } from "../../../lib/schemas/api.ts";
import { verifyAudit } from "../../../services/audit.ts";
import { checkpointExport } from "../../../services/audit_export.ts";
import { checkpointToken, parseCheckpointToken } from "../../../services/audit_chain.ts";
import { HttpError } from "../../../framework/http_error.ts";
import { validationFailed } from "../../../framework/validation.ts";

const verifyQuery = z.strictObject({
  chain: z.enum(["org", "platform"]).optional().meta({
    description: "platform: the platform-level chain (platform admin only); default the org's",
  }),
  checkpoint: z.string().max(2000).optional().meta({
    description: "a checkpoint token from an earlier verify (or the log): the chain must " +
      "still contain it",
  }),
});

export const handler = define.api({
  GET: define.operation({
    summary: "Check the audit hash chain",
    description: "Re-computes the organisation's (or, for the platform admin, the platform's) " +
      "keyed chain: `{ok, checked, firstBadId, problem?, checkpoint}`. Keep `checkpoint.token` " +
      "outside FestSafe and pass it back later: a chain cut back behind it, or a legacy cut-off " +
      "changed since it was signed, fails. Every checkpoint is also exported (log line " +
      "`audit checkpoint`, and AUDIT_CHECKPOINT_URL when set).",
    tags: ["audit"],
    query: verifyQuery,
    responses: { 200: { schema: auditVerifyOut } },
    errors: [403, 422],
    meta: { access: admins, audit: { resource: "audit" } },
    async handler(ctx) {
      const platform = ctx.query.chain === "platform";
      if (platform && !ctx.state.user?.platformAdmin) {
        throw new HttpError(403, "forbidden", "only the platform admin may verify its chain");
      }
      const external = ctx.query.checkpoint === undefined
        ? undefined
        : parseCheckpointToken(ctx.query.checkpoint);
      if (external === null) {
        throw validationFailed([{ path: "query.checkpoint", message: "not a checkpoint token" }]);
      }
      const result = await verifyAudit(
        ctx.state.db,
        platform ? null : orgOf(ctx.state),
        external,
        checkpointExport(ctx.state.config),
      );
      return {
        ...result,
        checkpoint: result.checkpoint
          ? { ...result.checkpoint, token: checkpointToken(result.checkpoint) }
          : undefined,
      };
    },
  }),
});
