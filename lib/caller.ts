/**
 * The one way a request's organisation and actor are resolved. The organisation is the API
 * key's, or the signed-in user's own — except for the platform admin, who works inside any
 * organisation they pick (`X-Org-Id` on the API, the organisation switcher on pages). Anonymous
 * visitors of the public pages see the demo organisation.
 */
import { HttpError, notFound } from "../framework/http_error.ts";
import { getHospital } from "../models/hospitals.ts";
import type { Actor } from "../services/actor.ts";
import { findDemoOrgId, getOrg, listOrgs, type Org } from "../models/orgs.ts";
import { cachedForOrg } from "../infra/org_cache.ts";
import { parseUuid } from "./schemas/common.ts";
import { PLATFORM_SCOPE as PLATFORM_CACHE } from "../services/accounts.ts";
import type { AppState } from "./define.ts";

const unauthorized = (message: string) => new HttpError(401, "unauthorized", message);

/**
 * Sets `state.orgId` once the caller is authenticated; the platform admin's choice of
 * organisation (a uuid) must name an existing one.
 */
export async function resolveOrg(state: AppState, chosen: string | null | undefined) {
  if (state.apiKey) {
    state.orgId = state.apiKey.orgId;
    return;
  }
  const user = state.user;
  if (!user) return;
  if (chosen && user.platformAdmin) {
    const id = parseUuid(chosen);
    if (!id || !await getOrg(state.db, id)) {
      throw new HttpError(404, "not_found", "organisation not found", [
        { path: "X-Org-Id", message: "no organisation with this id" },
      ]);
    }
    state.orgId = id;
    return;
  }
  state.orgId = user.orgId ?? undefined;
}

/** Every organisation, the demo first (cached briefly; creating one drops it). */
export function knownOrgs(state: AppState): Promise<Org[]> {
  return cachedForOrg(PLATFORM_CACHE, "orgs", () => listOrgs(state.db));
}

/** The demo organisation's id, or null before seeding (cached briefly). */
export function demoOrgId(state: AppState): Promise<string | null> {
  return cachedForOrg(PLATFORM_CACHE, "demo-org", () => findDemoOrgId(state.db));
}

/**
 * Sets `state.orgId` for a browser session (pages, and the API called with the session cookie):
 * the platform admin works in the organisation picked with the switcher (`chosen`, the fs_org
 * cookie) or, until one is picked, in the demo organisation; a pick that no longer exists falls
 * back to the same default. Everyone else works in their own organisation.
 */
export async function resolveSessionOrg(state: AppState, chosen: string | null | undefined) {
  const user = state.user;
  if (!user) return;
  if (!user.platformAdmin) {
    state.orgId = user.orgId ?? undefined;
    return;
  }
  const id = chosen ? parseUuid(chosen) : null;
  const picked = id
    ? (await knownOrgs(state)).find((o) => o.id === id) ?? await getOrg(state.db, id)
    : null;
  state.orgId = picked?.id ?? await demoOrgId(state) ?? user.orgId ?? undefined;
}

/** The organisation a request acts for; 401 when the caller has none. */
export function orgOf(state: AppState): string {
  const org = state.orgId ?? state.user?.orgId ?? state.apiKey?.orgId;
  if (!org) throw unauthorized("sign in first");
  return org;
}

/** The caller's organisation, or the demo organisation for anonymous visitors of pages. */
export async function viewerOrgId(state: AppState): Promise<string | null> {
  if (state.user || state.apiKey) return state.orgId ?? state.user?.orgId ?? state.apiKey!.orgId;
  return await demoOrgId(state);
}

/** Who acts, for services and the audit log (kept on the state for the request). */
export function actorOf(state: AppState): Actor {
  if (state.actor) return state.actor;
  const base = { requestId: state.requestId, recorded: 0 };
  const orgId = state.orgId ?? state.user?.orgId ?? state.apiKey?.orgId ?? null;
  state.actor = state.user
    ? { ...base, orgId, actorId: state.user.id, actor: state.user.email }
    : state.apiKey
    ? { ...base, orgId, actorId: null, actor: `api-key:${state.apiKey.prefix}` }
    : { ...base, orgId, actorId: null, actor: "anonymous" };
  return state.actor;
}

/** The actor of a request that must act inside an organisation. */
export function orgActor(state: AppState): Actor & { orgId: string } {
  const orgId = orgOf(state);
  const who = actorOf(state);
  who.orgId = orgId;
  return who as Actor & { orgId: string };
}

/** A hospital of the request's organisation by its id (code) or uuid; another's is a 404. */
export async function hospitalOf(state: AppState, id: string) {
  const orgId = orgOf(state);
  const hospital = await getHospital(state.db, orgId, id);
  if (!hospital) throw notFound("hospital");
  return { orgId, hospital };
}

/** A hospital of the viewer's organisation (the demo one for anonymous visitors of pages). */
export async function viewerHospital(state: AppState, id: string) {
  const orgId = await viewerOrgId(state);
  const hospital = orgId ? await getHospital(state.db, orgId, id) : null;
  if (!orgId || !hospital) throw notFound("hospital");
  return { orgId, hospital };
}
