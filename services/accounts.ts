/**
 * Accounts: organisations, users and API keys. Each operation owns its transaction and writes
 * its audit row inside it; API routes and the admin page both call these.
 */
import { HttpError, notFound } from "../framework/http_error.ts";
import { hashPassword } from "../lib/auth/passwords.ts";
import { revokeUserSessions } from "../lib/auth/sessions.ts";
import { createApiKey, revokeApiKey as revokeKeyRow } from "../lib/auth/api_keys.ts";
import { getOrg, insertOrg } from "../models/orgs.ts";
import { isUuid } from "../models/ids.ts";
import {
  emailTaken,
  emailTakenInOrg,
  getUser,
  insertUser,
  updateUser as updateUserRow,
} from "../models/users.ts";
import { lockEmail } from "../models/users.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";

const conflict = (path: string, message: string) =>
  new HttpError(409, "conflict", message, [{ path, message }]);

/**
 * New organisations' admins (created by the platform admin, who sees every organisation) get an
 * e-mail used nowhere else, so that their first sign-in is unambiguous.
 */
async function assertEmailFree(tx: Parameters<typeof emailTaken>[0], email: string, path: string) {
  await lockEmail(tx, email);
  if (await emailTaken(tx, email)) throw conflict(path, "this e-mail cannot be registered");
}

/** Platform admin: creates an organisation and its first admin. */
export async function createOrg(
  deps: Deps,
  who: Actor,
  body: { name: string; adminEmail: string; adminPassword: string },
) {
  const passwordHash = await hashPassword(body.adminPassword);
  const created = await deps.db.transaction(async (tx) => {
    await assertEmailFree(tx, body.adminEmail, "adminEmail");
    const org = await insertOrg(tx, body.name);
    if (!org) throw conflict("name", "an organisation with this name exists");
    const admin = await insertUser(tx, {
      orgId: org.id,
      email: body.adminEmail,
      passwordHash,
      role: "admin",
    });
    await auditChange(tx, who, "create", "orgs", org.id);
    return { org, admin };
  });
  await changed(deps.cache, PLATFORM_SCOPE); // the organisation list of the switcher
  return created;
}

/** The org-cache scope of platform-wide lists (lib/caller.ts reads the organisations under it). */
export const PLATFORM_SCOPE = "platform";

/**
 * The platform admin starts working inside an organisation (the pages' switcher). Recorded in
 * that organisation's own audit chain, so its admins see who entered and when.
 */
export async function enterOrg(deps: Deps, who: Actor, orgId: string) {
  return await deps.db.transaction(async (tx) => {
    const org = isUuid(orgId) ? await getOrg(tx, orgId) : null;
    if (!org) throw notFound("organisation");
    await auditChange(tx, { ...who, orgId: org.id }, "switch", "orgs", org.id);
    who.recorded++;
    return org;
  });
}

/** Adds a user to an organisation. */
export async function createUser(
  deps: Deps,
  who: Actor & { orgId: string },
  body: { email: string; password: string; role: string },
) {
  const passwordHash = await hashPassword(body.password);
  const user = await deps.db.transaction(async (tx) => {
    // Within the organisation only: a 409 for an e-mail used elsewhere would tell this admin that
    // it exists in another organisation (issue 10). The admin sees their own users anyway.
    await lockEmail(tx, body.email);
    if (await emailTakenInOrg(tx, who.orgId, body.email)) {
      throw conflict("email", "a user of this organisation has this e-mail");
    }
    const u = await insertUser(tx, {
      orgId: who.orgId,
      email: body.email,
      passwordHash,
      role: body.role,
    });
    await auditChange(tx, who, "create", "users", u.id);
    return u;
  });
  await changed(deps.cache, who.orgId);
  return user;
}

/**
 * Changes a user's role, disables them or sets a new password; their sessions end. Admins may
 * not disable or demote themselves (an organisation must keep an admin who can act).
 */
export async function updateUser(
  deps: Deps,
  who: Actor & { orgId: string },
  id: string,
  patch: { role?: string; disabled?: boolean; password?: string },
) {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  const user = await deps.db.transaction(async (tx) => {
    const target = await getUser(tx, who.orgId, id);
    if (!target) throw notFound("user");
    if (target.id === who.actorId && (patch.disabled || (patch.role && patch.role !== "admin"))) {
      throw conflict(
        patch.disabled ? "disabled" : "role",
        "admins cannot disable or demote themselves; ask another admin",
      );
    }
    const u = await updateUserRow(tx, who.orgId, target.id, {
      role: patch.role,
      disabled: patch.disabled,
      passwordHash,
    });
    if (!u) throw notFound("user");
    await revokeUserSessions(tx, deps.cache, u.id);
    await auditChange(tx, who, "update", "users", u.id);
    return u;
  });
  await changed(deps.cache, who.orgId);
  return user;
}

/** Creates an API key; the returned `key` is shown once and never again. */
export async function issueApiKey(
  deps: Deps,
  who: Actor & { orgId: string },
  body: { name: string; scopes: string[] },
) {
  return await deps.db.transaction(async (tx) => {
    const key = await createApiKey(tx, {
      orgId: who.orgId,
      name: body.name,
      scopes: body.scopes,
      createdBy: who.actorId,
    });
    await auditChange(tx, who, "create", "api-keys", key.id);
    return key;
  });
}

/** Revokes an API key of the organisation at once. */
export async function revokeApiKey(deps: Deps, who: Actor & { orgId: string }, id: string) {
  return await deps.db.transaction(async (tx) => {
    const key = await revokeKeyRow(tx, who.orgId, id);
    if (!key) throw notFound("API key");
    await auditChange(tx, who, "delete", "api-keys", key.id);
    return key;
  });
}
