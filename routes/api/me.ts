import type { Handlers } from "../../framework/types.ts";

export const handler: Handlers = {
  /** The signed-in user as the token describes them. */
  GET(ctx) {
    const u = ctx.state.user!;
    return Response.json({
      id: u.id,
      email: u.email,
      role: u.role,
      orgId: u.orgId,
      platformAdmin: u.platformAdmin,
    });
  },
};
