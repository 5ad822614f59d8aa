import { define } from "../../lib/define.ts";
import { everyone } from "../../lib/access.ts";
import { meOut } from "../../lib/schemas/accounts.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "The signed-in user",
    description: "As the access token describes them; `orgId` is the organisation acted in.",
    tags: ["session"],
    responses: { 200: { schema: meOut } },
    // Only echoes the caller's own token: no stored data is read.
    meta: { access: everyone, audit: false },
    handler(ctx) {
      const u = ctx.state.user!;
      return {
        id: u.id,
        email: u.email,
        role: u.role,
        orgId: ctx.state.orgId ?? u.orgId,
        platformAdmin: u.platformAdmin,
      };
    },
  }),
});
