import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
import type { AppEnv, AppState } from "../define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { recordAudit } from "../../services/audit.ts";
import { findUserForLogin, type User } from "../../models/users.ts";
import { verifyDummy, verifyPassword } from "./passwords.ts";
import {
  ACCOUNT_LIMIT,
  assertUnderLimit,
  countFailure,
  IP_LIMIT,
  resetFailures,
} from "./rate_limit.ts";

/** The client address as the server saw it (never a forwarded header a client can forge). */
export function clientIp(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // in-process requests (tests) have no connection
  }
}

/**
 * Checks e-mail and password under the per-account and per-address limits. Unknown accounts
 * take as long as known ones and get the same answer, so neither timing nor wording tells
 * which e-mails exist.
 */
export async function authenticatePassword(
  state: AppState,
  email: string,
  password: string,
  ip: string,
): Promise<User> {
  const accountKey = `login:account:${email.trim().toLowerCase()}`;
  const ipKey = `login:ip:${ip}`;
  await assertUnderLimit(state.cache, ipKey, IP_LIMIT, "address");
  await assertUnderLimit(state.cache, accountKey, ACCOUNT_LIMIT, "account");
  const found = await findUserForLogin(state.db, email.trim());
  const ok = found
    ? await verifyPassword(password, found.passwordHash)
    : await verifyDummy(password);
  if (!ok || !found || found.disabled) {
    await countFailure(state.cache, accountKey, ACCOUNT_LIMIT);
    await countFailure(state.cache, ipKey, IP_LIMIT);
    await recordAudit(state.db, {
      orgId: found?.orgId ?? null,
      actorId: found?.id ?? null,
      actor: found ? found.email : "anonymous",
      action: "login",
      resource: "sessions",
      requestId: state.requestId,
      outcome: "denied",
    });
    throw new HttpError(401, "invalid_credentials", "e-mail or password is wrong");
  }
  await resetFailures(state.cache, accountKey);
  const { passwordHash: _, ...user } = found;
  await recordAudit(state.db, {
    orgId: user.orgId,
    actorId: user.id,
    actor: user.email,
    action: "login",
    resource: "sessions",
    requestId: state.requestId,
    outcome: "ok",
  });
  return user;
}
