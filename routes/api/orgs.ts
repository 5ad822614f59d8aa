import type { Handlers } from "../../framework/types.ts";
import { HttpError } from "../../framework/http_error.ts";
import { readJson } from "../../lib/schemas/parse.ts";
import { orgCreate } from "../../lib/schemas/accounts.ts";
import { hashPassword } from "../../lib/auth/passwords.ts";
import { insertOrg } from "../../models/orgs.ts";
import { emailTaken, insertUser } from "../../models/users.ts";

const conflict = (path: string, message: string) =>
  new HttpError(409, "conflict", message, [{ path, message }]);

export const handler: Handlers = {
  /** Platform admin: creates an organisation and its first admin. */
  async POST(ctx) {
    const body = await readJson(ctx.req, orgCreate);
    const passwordHash = await hashPassword(body.adminPassword);
    const out = await ctx.state.db.transaction(async (tx) => {
      if (await emailTaken(tx, body.adminEmail)) {
        throw conflict("adminEmail", "a user with this e-mail exists");
      }
      const org = await insertOrg(tx, body.name);
      if (!org) throw conflict("name", "an organisation with this name exists");
      const admin = await insertUser(tx, {
        orgId: org.id,
        email: body.adminEmail,
        passwordHash,
        role: "admin",
      });
      return {
        id: org.id,
        name: org.name,
        admin: { id: admin.id, email: admin.email, role: "admin" },
      };
    });
    return Response.json(out, { status: 201 });
  },
};
