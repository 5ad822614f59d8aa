import type { Config } from "../../infra/config.ts";
import type { Db } from "../../infra/db.ts";
import { log } from "../../infra/log.ts";
import { lockForTransaction } from "../../models/locks.ts";
import { insertOrg } from "../../models/orgs.ts";
import { emailTaken, insertPlatformAdmin, platformAdminExists } from "../../models/users.ts";
import { hashPassword } from "./passwords.ts";
import { randomToken } from "./constant_time.ts";

/** The organisation the platform admin belongs to (it holds no hospitals of its own). */
export const PLATFORM_ORG_NAME = "FestSafe platform";
/** Arbitrary constant shared by every FestSafe instance: the admin bootstrap lock. */
const ADMIN_LOCK = 7_242_004;

export interface BootstrapResult {
  created: boolean;
  email: string;
  /** Set only when the password was generated here; shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * Creates the platform admin at first start when none exists: FESTSAFE_ADMIN_EMAIL with
 * FESTSAFE_ADMIN_PASSWORD, or a generated password printed once to stdout (never to the logs).
 */
export async function ensurePlatformAdmin(
  db: Db,
  config: Config,
  print: (line: string) => void = console.log,
): Promise<BootstrapResult> {
  const email = config.FESTSAFE_ADMIN_EMAIL;
  if (await platformAdminExists(db)) return { created: false, email };
  const generated = config.FESTSAFE_ADMIN_PASSWORD ? undefined : randomToken(18);
  const passwordHash = await hashPassword(config.FESTSAFE_ADMIN_PASSWORD ?? generated!);
  const created = await db.transaction(async (tx) => {
    await lockForTransaction(tx, ADMIN_LOCK);
    if (await platformAdminExists(tx)) return false;
    if (await emailTaken(tx, email)) {
      throw new Error(`FESTSAFE_ADMIN_EMAIL ${email} already belongs to an ordinary user`);
    }
    await insertOrg(tx, PLATFORM_ORG_NAME);
    await insertPlatformAdmin(tx, { orgName: PLATFORM_ORG_NAME, email, passwordHash });
    return true;
  });
  if (!created) return { created: false, email };
  log.info("platform admin created", { user: email.replace(/^[^@]*/, "…") });
  if (generated) {
    print(`FestSafe platform admin: ${email} / password ${generated} (shown once; change it)`);
  }
  return { created: true, email, generatedPassword: generated };
}
