/** Signing out: the session's tokens are revoked and the logout recorded in one transaction. */
import { revokeFamily } from "../lib/auth/sessions.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";

/** Ends a session family (an API key has none: only the record is written). */
export async function endSession(deps: Deps, who: Actor, familyId: string | undefined) {
  await deps.db.transaction(async (tx) => {
    if (familyId) await revokeFamily(tx, deps.cache, familyId);
    await auditChange(tx, who, "logout", "sessions", familyId ?? null);
  });
}
