import type { Handlers, PageProps, RouteContext } from "../framework/types.ts";
import { HttpError } from "../framework/http_error.ts";
import { listAudit, recordAudit, verifyAudit, type VerifyResult } from "../services/audit.ts";
import { type ApiKeyInfo, createApiKey, listApiKeys, revokeApiKey } from "../lib/auth/api_keys.ts";
import { hashPassword } from "../lib/auth/passwords.ts";
import { revokeUserSessions } from "../lib/auth/sessions.ts";
import { readForm, seeOther } from "../lib/auth/page_forms.ts";
import { validate } from "../lib/schemas/parse.ts";
import { userCreate } from "../lib/schemas/accounts.ts";
import { roles } from "../lib/access.ts";
import {
  emailTaken,
  getUser,
  insertUser,
  listUsers,
  updateUser,
  type User,
} from "../models/users.ts";
import { UsersSection } from "../components/admin/UsersSection.tsx";
import { ApiKeysSection } from "../components/admin/ApiKeysSection.tsx";
import { type AuditLine, AuditSection } from "../components/admin/AuditSection.tsx";

interface Data {
  users: User[];
  keys: ApiKeyInfo[];
  audit: AuditLine[];
  verify: VerifyResult;
  newKey?: string;
  error?: string;
}

/** Admins of an organisation only; anonymous visitors are sent to sign in first. */
function requireAdmin(ctx: RouteContext<Data>) {
  const user = ctx.state.user;
  if (!user) return seeOther(`/login?next=${encodeURIComponent("/admin")}`);
  if (user.role !== "admin" || !user.orgId) {
    throw new HttpError(403, "forbidden", "the admin page is for organisation admins");
  }
  return { ...user, orgId: user.orgId };
}

async function load(ctx: RouteContext<Data>, orgId: string, extra: Partial<Data> = {}) {
  const { db } = ctx.state;
  const [users, keys, audit, verify] = await Promise.all([
    listUsers(db, orgId),
    listApiKeys(db, orgId),
    listAudit(db, orgId, { limit: 50 }),
    verifyAudit(db, orgId),
  ]);
  return { users, keys, audit, verify, ...extra };
}

/** Runs one form action; returns the key to show once when one was created. */
async function act(ctx: RouteContext<Data>, admin: { id: string; email: string; orgId: string }) {
  const { db, cache } = ctx.state;
  const form = await readForm(ctx.req);
  const audit = (action: string, resource: string, resourceId: string | null) =>
    recordAudit(db, {
      orgId: admin.orgId,
      actorId: admin.id,
      actor: admin.email,
      action,
      resource,
      resourceId,
      requestId: ctx.state.requestId,
      outcome: "ok",
    });
  switch (form.action) {
    case "create_user": {
      const body = validate(userCreate, {
        email: form.email,
        password: form.password,
        role: form.role,
      });
      if (await emailTaken(db, body.email)) {
        throw new HttpError(409, "conflict", "e-mail already registered");
      }
      const u = await insertUser(db, {
        orgId: admin.orgId,
        email: body.email,
        passwordHash: await hashPassword(body.password),
        role: body.role,
      });
      await audit("create", "users", u.id);
      return {};
    }
    case "update_user": {
      const target = await getUser(db, admin.orgId, form.id ?? "");
      if (!target) throw new HttpError(404, "not_found", "user not found");
      if (target.id === admin.id) throw new HttpError(409, "conflict", "ask another admin");
      const role = (roles as readonly string[]).includes(form.role) ? form.role : undefined;
      await updateUser(db, admin.orgId, target.id, { role, disabled: form.disabled === "true" });
      await revokeUserSessions(db, cache, target.id);
      await audit("update", "users", target.id);
      return {};
    }
    case "create_key": {
      const name = (form.name ?? "").trim().slice(0, 100);
      if (!name) throw new HttpError(422, "validation_failed", "name the key");
      const key = await createApiKey(db, {
        orgId: admin.orgId,
        name,
        scopes: ["ingest"],
        createdBy: admin.id,
      });
      await audit("create", "api-keys", key.id);
      return { newKey: key.key };
    }
    case "revoke_key": {
      if (!await revokeApiKey(db, admin.orgId, form.id ?? "")) {
        throw new HttpError(404, "not_found", "key not found");
      }
      await audit("delete", "api-keys", form.id);
      return {};
    }
  }
  throw new HttpError(422, "validation_failed", "unknown action");
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const admin = requireAdmin(ctx);
    if (admin instanceof Response) return admin;
    await recordAudit(ctx.state.db, {
      orgId: admin.orgId,
      actorId: admin.id,
      actor: admin.email,
      action: "read",
      resource: "users",
      requestId: ctx.state.requestId,
      outcome: "ok",
    });
    return ctx.render(await load(ctx, admin.orgId));
  },
  async POST(ctx) {
    const admin = requireAdmin(ctx);
    if (admin instanceof Response) return admin;
    try {
      const shown = await act(ctx, admin);
      // A new key is rendered in this answer only; everything else redirects (no re-post).
      if (!shown.newKey) return seeOther("/admin");
      const res = ctx.render(await load(ctx, admin.orgId, shown));
      res.headers.set("cache-control", "no-store");
      return res;
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500 || err.code === "csrf_failed") throw err;
      return ctx.render(await load(ctx, admin.orgId, { error: err.message }), {
        status: err.status,
      });
    }
  },
};

/** Organisation administration: users, API keys and the audit log. */
export default function Admin({ data, state }: PageProps<Data>) {
  const csrf = state.csrf ?? "";
  return (
    <>
      <h1>Administration</h1>
      {data.error && <p class="error" role="alert">{data.error}</p>}
      <UsersSection users={data.users} csrf={csrf} selfId={state.user?.id ?? ""} />
      <ApiKeysSection keys={data.keys} csrf={csrf} newKey={data.newKey} />
      <AuditSection entries={data.audit} verify={data.verify} />
    </>
  );
}
