import type { Handlers } from "../../../framework/types.ts";
import { HttpError, notFound } from "../../../framework/http_error.ts";
import { readJson } from "../../../lib/schemas/parse.ts";
import { userPatch } from "../../../lib/schemas/accounts.ts";
import { hashPassword } from "../../../lib/auth/passwords.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { revokeUserSessions } from "../../../lib/auth/sessions.ts";
import { getUser, updateUser } from "../../../models/users.ts";
import { userJson } from "./index.ts";

export const handler: Handlers = {
  /** Changes a user's role, disables them or sets a new password; their sessions end. */
  async PATCH(ctx) {
    const { db, cache } = ctx.state;
    const orgId = orgOf(ctx.state);
    const target = await getUser(db, orgId, ctx.params.id);
    if (!target) throw notFound("user");
    const body = await readJson(ctx.req, userPatch);
    if (
      target.id === ctx.state.user!.id && (body.disabled || (body.role && body.role !== "admin"))
    ) {
      throw new HttpError(409, "conflict", "admins cannot disable or demote themselves", [
        { path: body.disabled ? "disabled" : "role", message: "ask another admin" },
      ]);
    }
    const passwordHash = body.password ? await hashPassword(body.password) : undefined;
    const user = await updateUser(db, orgId, target.id, {
      role: body.role,
      disabled: body.disabled,
      passwordHash,
    });
    if (!user) throw notFound("user");
    await revokeUserSessions(db, cache, user.id);
    return Response.json(userJson(user));
  },
};
