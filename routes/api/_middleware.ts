import type { MiddlewareHandler } from "hono";
import type { AppEnv, AppState } from "../../framework/types.ts";
import { HttpError } from "../../framework/http_error.ts";
import { log } from "../../infra/log.ts";
import { type AuditOutcome, recordAudit } from "../../services/audit.ts";
import { auditActionOf, auditResourceOf, isAudited } from "../../lib/audit_policy.ts";
import { actorOf, authenticateApi } from "../../lib/auth/authenticate.ts";
import { assertCsrf, isSafeMethod } from "../../lib/auth/csrf.ts";
import { matchRule, type RuleMatch } from "../../lib/auth/route_match.ts";
import { invalidateOnWrite } from "../../lib/org_cache.ts";

const forbidden = (message: string) => new HttpError(403, "forbidden", message);

/** Applies a route's rule (lib/access.ts) to an authenticated caller, or throws 401/403. */
async function authorize(state: AppState, req: Request, rule: RuleMatch) {
  const { access } = rule;
  if (access.public) return;
  const via = await authenticateApi(state, req);
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
    throw forbidden(`role ${user.role} may not ${req.method} ${rule.pattern}`);
  }
}

function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return "denied";
  if (status >= 500) return "error";
  return status >= 400 ? "failed" : "ok";
}

/**
 * Every /api request passes here: the route must have a rule in lib/access.ts (else 404, fail
 * closed), the caller must satisfy it (401/403), and audited requests leave a hash-chained row.
 */
export function enforceAccess(): MiddlewareHandler<AppEnv> {
  return async function enforceAccess(c, next) {
    const state = c.get("state");
    const req = c.req.raw;
    const path = new URL(req.url).pathname;
    const rule = matchRule(req.method, path);
    if (!rule) throw new HttpError(404, "not_found", `no route ${req.method} ${path}`);
    const audited = isAudited(req.method, rule.pattern);
    let status: number;
    try {
      await authorize(state, req, rule);
      await next();
      status = c.res.status;
    } catch (err) {
      status = err instanceof HttpError ? err.status : 500;
      if (audited) await audit(state, req, rule, status).catch(() => {});
      throw err;
    }
    if (!audited) return;
    try {
      await audit(state, req, rule, status);
    } catch (err) {
      // An access that cannot be recorded is not served.
      log.error("audit write failed", { requestId: state.requestId, error: String(err) });
      await c.res.body?.cancel();
      c.res = Response.json(
        new HttpError(503, "audit_unavailable", "could not record this access; retry").toJSON(),
        { status: 503, headers: { "retry-after": "5" } },
      );
    }
  };
}

function audit(state: AppState, req: Request, rule: RuleMatch, status: number) {
  const url = new URL(req.url);
  return recordAudit(state.db, {
    orgId: state.user?.orgId ?? state.apiKey?.orgId ?? null,
    ...actorOf(state),
    action: auditActionOf(req.method),
    resource: auditResourceOf(rule.pattern),
    resourceId: rule.params.id ?? url.searchParams.get("hospitalId"),
    requestId: state.requestId,
    outcome: outcomeOf(status),
  });
}

export const handler = [enforceAccess(), invalidateOnWrite()];
