import type { Context } from "hono";
import type { AppEnv, AppState } from "../define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { recordAudit } from "../../services/audit.ts";
import { findUsersForLogin, type User } from "../../models/users.ts";
import { verifyDummy, verifyPassword } from "./passwords.ts";
import { afterFailure, afterSuccess, beforeAttempt, loginKeys } from "./login_guard.ts";
import { clientAddress, socketAddress } from "./client_address.ts";

/**
 * The client's address: the socket's, or the one a proxy listed in TRUSTED_PROXIES forwarded
 * (lib/auth/client_address.ts).
 */
export function clientIp(c: Context<AppEnv>): string {
  const trusted = c.get("state")?.config.TRUSTED_PROXIES ?? "";
  return clientAddress(socketAddress(c), c.req.header("x-forwarded-for") ?? null, trusted);
}

/**
 * Checks e-mail and password under the login guard (lib/auth/login_guard.ts). Unknown accounts
 * take as long as known ones and get the same answer, so neither timing nor wording tells
 * which e-mails exist.
 */
export async function authenticatePassword(
  state: AppState,
  email: string,
  password: string,
  ip: string,
): Promise<User> {
  const keys = await loginKeys(email, ip);
  await beforeAttempt(state.cache, keys);
  // An e-mail may have an account in several organisations: the password picks the account.
  const candidates = await findUsersForLogin(state.db, email.trim());
  let found = candidates.length === 1 ? candidates[0] : undefined;
  let ok = false;
  for (const c of candidates) {
    if (await verifyPassword(password, c.passwordHash)) {
      [found, ok] = [c, true];
      break;
    }
  }
  if (!candidates.length) await verifyDummy(password);
  if (!ok || !found || found.disabled) {
    await afterFailure(state.cache, keys);
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
  await afterSuccess(state.cache, keys);
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
