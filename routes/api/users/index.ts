import type { Handlers } from "../../../framework/types.ts";
import { HttpError } from "../../../framework/http_error.ts";
import { readJson } from "../../../lib/schemas/parse.ts";
import { userCreate } from "../../../lib/schemas/accounts.ts";
import { hashPassword } from "../../../lib/auth/passwords.ts";
import { orgOf } from "../../../lib/auth/authenticate.ts";
import { emailTaken, insertUser, listUsers, type User } from "../../../models/users.ts";

/** A user as the API shows it. */
export const userJson = (u: User) => ({
  id: u.id,
  email: u.email,
  role: u.role,
  orgId: u.orgId,
  disabled: u.disabled,
  createdAt: new Date(u.createdAt).toISOString(),
});

export const handler: Handlers = {
  /** The users of the caller's organisation. */
  async GET(ctx) {
    const users = await listUsers(ctx.state.db, orgOf(ctx.state));
    return Response.json(users.map(userJson));
  },
  /** Adds a user to the caller's organisation. */
  async POST(ctx) {
    const body = await readJson(ctx.req, userCreate);
    const passwordHash = await hashPassword(body.password);
    const user = await ctx.state.db.transaction(async (tx) => {
      if (await emailTaken(tx, body.email)) {
        throw new HttpError(409, "conflict", "a user with this e-mail exists", [
          { path: "email", message: "already registered" },
        ]);
      }
      return await insertUser(tx, {
        orgId: orgOf(ctx.state),
        email: body.email,
        passwordHash,
        role: body.role,
      });
    });
    return Response.json(userJson(user), { status: 201 });
  },
};
