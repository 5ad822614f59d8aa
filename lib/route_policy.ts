/**
 * The policy the framework runs around every API operation, from the operation's own `meta`
 * (declared beside its handler): the caller must satisfy its access rule (401/403), and audited
 * operations leave a hash-chained row. Routes without an operation definition under /api are
 * refused by the framework's 404 (fail closed).
 *
 * Auditing: a read of audited data is recorded here once the answer is known; if that record
 * cannot be written the data is not served (503). A change is recorded by the service that makes
 * it, inside the change's transaction (services/audit.ts); refused and failed attempts, which
 * change nothing, are recorded here.
 */
import type { OperationPolicy } from "../framework/types.ts";
import type { PagePolicy } from "../framework/app.ts";
import { readCookie } from "./auth/cookies.ts";
import { seeOther } from "./auth/page_forms.ts";
import { HttpError } from "../framework/http_error.ts";
import { log } from "../infra/log.ts";
import { type AuditOutcome, recordAudit } from "../services/audit.ts";
import { authenticateApi } from "./auth/authenticate.ts";
import { actorOf, knownOrgs, resolveOrg, resolveSessionOrg, viewerOrgId } from "./caller.ts";
import { cachedPage } from "./page_cache.ts";
import { ORG_COOKIE } from "./org_cookie.ts";
import { assertCsrf, isSafeMethod } from "./auth/csrf.ts";
import type { Access } from "./access.ts";
import type { AppState, RouteMeta } from "./define.ts";
import { withBudget } from "../framework/budget.ts";
import { assertApiRate } from "./auth/rate_limit.ts";
import { BUDGET_MS } from "./limits.ts";

const forbidden = (message: string) => new HttpError(403, "forbidden", message);

/** Applies an access rule to the request's caller, or throws 401/403. */
export async function authorize(state: AppState, req: Request, access: Access, what: string) {
  if (access.public) return;
  const via = await authenticateApi(state, req);
  const header = req.headers.get("x-org-id");
  // The browser session acts where its pages do (the switcher's pick); X-Org-Id still wins.
  if (via === "cookie" && !header) await resolveSessionOrg(state, readCookie(req, ORG_COOKIE));
  else await resolveOrg(state, header);
  if (via === "none") {
    throw new HttpError(401, "unauthorized", "sign in or send Authorization: Bearer <token>", [], {
      "www-authenticate": 'Bearer realm="festsafe"',
    });
  }
  if (via === "api_key") {
    const scope = access.apiKeyScope;
    if (!scope || !state.apiKey!.scopes.includes(scope)) {
      throw forbidden("API keys may not call this route");
    }
    return;
  }
  if (via === "cookie" && !isSafeMethod(req.method)) assertCsrf(req);
  const user = state.user!;
  if (access.platformAdmin) {
    if (!user.platformAdmin) throw forbidden("only the platform admin may do this");
    return;
  }
  if (!access.roles?.includes(user.role as never)) {
    throw forbidden(`role ${user.role} may not ${what}`);
  }
}

/**
 * The organisation a platform admin acts in when it is not their own (X-Org-Id, the switcher),
 * else null. Everything they read there is recorded in that organisation's log, also on routes
 * whose data is not otherwise audited (issue 21): the organisation can see who looked.
 */
function visitedOrg(state: AppState): string | null {
  const user = state.user;
  if (!user?.platformAdmin || !state.orgId || state.orgId === user.orgId) return null;
  return state.orgId;
}

/** The audit resource of a route that declares none: its path pattern under /api. */
const resourceOfPattern = (pattern: string) => pattern.replace(/^\/(api\/)?/, "") || "/";

function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return "denied";
  if (status >= 500) return "error";
  return status >= 400 ? "failed" : "ok";
}

/** The audit verb of an HTTP method. */
export function auditActionOf(method: string): string {
  return ({ GET: "read", HEAD: "read", POST: "create", PUT: "update", PATCH: "update" } as Record<
    string,
    string
  >)[method] ?? (method === "DELETE" ? "delete" : method.toLowerCase());
}

/** The route policy of the API (see the module comment). */
export function apiPolicy(): OperationPolicy<AppState, RouteMeta> {
  return async function apiPolicy({ operation, method, pattern, state, req, params, run }) {
    const { access } = operation.meta;
    // Reads by the platform admin inside another organisation are recorded there, always.
    const visiting = () => !operation.meta.audit && isSafeMethod(method) && visitedOrg(state);
    const audit = () =>
      operation.meta.audit || (visiting() ? { resource: resourceOfPattern(pattern) } : false);
    const record = (status: number) => {
      const policy = audit();
      if (!policy) return Promise.resolve(0);
      const who = actorOf(state);
      return recordAudit(state.db, {
        orgId: state.orgId ?? who.orgId,
        actorId: who.actorId,
        actor: who.actor,
        action: "read" in policy && policy.read ? "read" : auditActionOf(method),
        resource: policy.resource,
        resourceId: params.id ?? new URL(req.url).searchParams.get("hospitalId"),
        requestId: state.requestId,
        outcome: outcomeOf(status),
      });
    };
    let res: Response;
    try {
      await authorize(state, req, access, `${method} ${pattern}`);
      await assertApiRate(
        state.cache,
        state.apiKey
          ? { kind: "key", id: state.apiKey.id }
          : state.user
          ? { kind: "user", id: state.user.id }
          : null,
        state.config.API_RATE_LIMIT,
      );
      res = await run();
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      await record(status).catch((e) =>
        log.error("audit write failed", { requestId: state.requestId, error: String(e) })
      );
      throw err;
    }
    const policy = audit();
    if (!policy) return res;
    if (!isSafeMethod(method) && !("read" in policy && policy.read) && res.status < 400) {
      // The service that made the change recorded it inside its transaction.
      if (actorOf(state).recorded > 0) return res;
      log.error("change without audit record", { requestId: state.requestId, method, pattern });
      if (state.config.DENO_ENV !== "production") {
        throw new Error(`${method} ${pattern} changed data without an audit record`);
      }
    }
    try {
      await record(res.status);
    } catch (err) {
      // An access that cannot be recorded is not served.
      log.error("audit write failed", { requestId: state.requestId, error: String(err) });
      await res.body?.cancel();
      throw new HttpError(503, "audit_unavailable", "could not record this access; retry", [], {
        "retry-after": "5",
      });
    }
    return res;
  };
}

/** The platform admin's choice of organisation on pages (set by the organisation switcher). */
export { ORG_COOKIE };

/**
 * The policy of page routes that declare `config`: the same access rules as the API (anonymous
 * visitors of a page that needs an account are sent to sign in), and page views of audited data
 * leave a row like the API's — a view that cannot be recorded is not served. Pages that declare
 * `cache` are shared per organisation, role and data generation (lib/page_cache.ts).
 */
export function pagePolicy(): PagePolicy<AppState, RouteMeta> {
  return async function pagePolicy({ meta, state, req, url, params, run }) {
    const { access, audit } = meta;
    if (state.user) await resolveSessionOrg(state, readCookie(req, ORG_COOKIE));
    if (!access.public) {
      if (!state.user) {
        if (req.method !== "GET") throw new HttpError(401, "unauthorized", "sign in first");
        return seeOther(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
      }
      if (
        access.platformAdmin
          ? !state.user.platformAdmin
          : !access.roles?.includes(state.user.role as never)
      ) {
        throw forbidden(`this page is not for the ${state.user.role} role`);
      }
    }
    const orgId = await viewerOrgId(state);
    // Only a render needs the layout's facts about the organisation (not a cached answer).
    const render = async () => {
      await describeViewedOrg(state, orgId);
      return await run();
    };
    const res = await withBudget(
      meta.budgetMs ?? BUDGET_MS.page,
      () =>
        meta.cache && req.method === "GET" && orgId
          ? cachedPage(state, req, url, orgId, render)
          : render(),
    );
    // Anonymous visitors see only the demo organisation, whose data is simulated: not recorded.
    // The platform admin's views inside another organisation are recorded there, always.
    const resource = audit
      ? audit.resource
      : visitedOrg(state)
      ? `page:${url.pathname.slice(0, 200)}`
      : null;
    if (!resource || !state.user || !isSafeMethod(req.method) || res.status >= 300) return res;
    const who = actorOf(state);
    try {
      await recordAudit(state.db, {
        orgId: state.orgId ?? who.orgId ?? orgId,
        actorId: who.actorId,
        actor: who.actor,
        action: "read",
        resource,
        resourceId: params.id ?? null,
        requestId: state.requestId,
        outcome: "ok",
      });
    } catch (err) {
      log.error("audit write failed", { requestId: state.requestId, error: String(err) });
      await res.body?.cancel();
      throw new HttpError(503, "audit_unavailable", "could not record this access; retry", [], {
        "retry-after": "5",
      });
    }
    return res;
  };
}

/** What the layout shows about the organisation in view (name, demo notice, the switcher). */
async function describeViewedOrg(state: AppState, orgId: string | null) {
  if (!orgId) return;
  const orgs = await knownOrgs(state);
  const org = orgs.find((o) => o.id === orgId);
  state.viewOrg = org ? { id: org.id, name: org.name, isDemo: org.isDemo } : undefined;
  if (state.user?.platformAdmin) {
    state.orgChoices = orgs.map((o) => ({ id: o.id, name: o.name, isDemo: o.isDemo }));
  }
}
