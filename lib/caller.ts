/**
 * The one way a request's organisation and actor are resolved. The organisation is the API
 * key's, or the signed-in user's own — except for the platform admin, who works inside any
 * organisation they pick (`X-Org-Id` on the API, the organisation switcher on pages). Anonymous
 * visitors of the public pages see the demo organisation.
 */
import { HttpError, notFound } from "../framework/http_error.ts";
import { getHospital } from "../models/hospitals.ts";
import type { Actor } from "../services/actor.ts";
import { findDemoOrgId, getOrg } from "../models/orgs.ts";
import { parseUuid } from "./schemas/common.ts";
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

/** The organisation a request acts for; 401 when the caller has none. */
export function orgOf(state: AppState): string {
  const org = state.orgId ?? state.user?.orgId ?? state.apiKey?.orgId;
  if (!org) throw unauthorized("sign in first");
  return org;
}

/** The caller's organisation, or the demo organisation for anonymous visitors of pages. */
export async function viewerOrgId(state: AppState): Promise<string | null> {
  if (state.user || state.apiKey) return state.orgId ?? state.user?.orgId ?? state.apiKey!.orgId;
  return await findDemoOrgId(state.db);
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
