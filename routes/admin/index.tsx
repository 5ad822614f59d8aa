import { define, type Handlers, type PageProps, type RouteContext } from "../../lib/define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { type ApiKeyInfo, listApiKeys } from "../../lib/auth/api_keys.ts";
import { readForm, seeOther } from "../../lib/auth/page_forms.ts";
import { validate } from "../../framework/validation.ts";
import { apiKeyCreate, userCreate, userPatch } from "../../lib/schemas/accounts.ts";
import { admins } from "../../lib/access.ts";
import { orgActor, orgOf } from "../../lib/caller.ts";
import { listUsers, type User } from "../../models/users.ts";
import { createUser, issueApiKey, revokeApiKey, updateUser } from "../../services/accounts.ts";
import { UsersSection } from "../../components/admin/UsersSection.tsx";
import { ApiKeysSection } from "../../components/admin/ApiKeysSection.tsx";

interface Data {
  users: User[];
  keys: ApiKeyInfo[];
  newKey?: string;
  error?: string;
}

export const config = define.config({ access: admins, audit: { resource: "users" } });

async function load(ctx: RouteContext<Data>, orgId: string, extra: Partial<Data> = {}) {
  const { db } = ctx.state;
  const [users, keys] = await Promise.all([listUsers(db, orgId), listApiKeys(db, orgId)]);
  return { users, keys, ...extra };
}

/** Runs one form action through the same services as the API; returns a new key to show once. */
async function act(ctx: RouteContext<Data>): Promise<Partial<Data>> {
  const form = await readForm(ctx.req);
  const who = orgActor(ctx.state);
  switch (form.action) {
    case "create_user":
      await createUser(
        ctx.state,
        who,
        validate(userCreate, { email: form.email, password: form.password, role: form.role }),
      );
      return {};
    case "update_user":
      await updateUser(
        ctx.state,
        who,
        form.id ?? "",
        validate(userPatch, { role: form.role, disabled: form.disabled === "true" }),
      );
      return {};
    case "create_key": {
      const key = await issueApiKey(ctx.state, who, validate(apiKeyCreate, { name: form.name }));
      return { newKey: key.key };
    }
    case "revoke_key":
      await revokeApiKey(ctx.state, who, form.id ?? "");
      return {};
  }
  throw new HttpError(422, "validation_failed", "unknown action", [
    { path: "action", message: "must be create_user, update_user, create_key or revoke_key" },
  ]);
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render(await load(ctx, orgOf(ctx.state)));
  },
  async POST(ctx) {
    const orgId = orgOf(ctx.state);
    try {
      const shown = await act(ctx);
      // A new key is rendered in this answer only; everything else redirects (no re-post).
      if (!shown.newKey) return seeOther("/admin");
      const res = ctx.render(await load(ctx, orgId, shown));
      res.headers.set("cache-control", "no-store");
      return res;
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500 || err.code === "csrf_failed") throw err;
      return ctx.render(await load(ctx, orgId, { error: err.message }), { status: err.status });
    }
  },
};

/** Organisation administration: users and API keys. */
export default function Admin({ data, state }: PageProps<Data>) {
  const csrf = state.csrf ?? "";
  return (
    <>
      {data.error && <p class="error" role="alert">{data.error}</p>}
      <UsersSection users={data.users} csrf={csrf} selfId={state.user?.id ?? ""} />
      <ApiKeysSection keys={data.keys} csrf={csrf} newKey={data.newKey} />
    </>
  );
}
