import type { Config } from "../../infra/config.ts";
import type { Db } from "../../infra/db.ts";
import { log } from "../../infra/log.ts";
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
  const exists = await db.query("SELECT 1 FROM users WHERE is_platform_admin LIMIT 1");
  if (exists.length) return { created: false, email };
  const generated = config.FESTSAFE_ADMIN_PASSWORD ? undefined : randomToken(18);
  const passwordHash = await hashPassword(config.FESTSAFE_ADMIN_PASSWORD ?? generated!);
  const created = await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [ADMIN_LOCK]);
    const again = await tx.query("SELECT 1 FROM users WHERE is_platform_admin LIMIT 1");
    if (again.length) return false;
    const taken = await tx.query("SELECT 1 FROM users WHERE lower(email) = lower($1)", [email]);
    if (taken.length) {
      throw new Error(`FESTSAFE_ADMIN_EMAIL ${email} already belongs to an ordinary user`);
    }
    await tx.query("INSERT INTO orgs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [
      PLATFORM_ORG_NAME,
    ]);
    await tx.query(
      `INSERT INTO users (org_id, email, password_hash, role, is_platform_admin)
       SELECT id, $2, $3, 'admin', true FROM orgs WHERE name = $1`,
      [PLATFORM_ORG_NAME, email, passwordHash],
    );
    return true;
  });
  if (!created) return { created: false, email };
  log.info("platform admin created", { user: email.replace(/^[^@]*/, "…") });
  if (generated) {
    print(`FestSafe platform admin: ${email} / password ${generated} (shown once; change it)`);
  }
  return { created: true, email, generatedPassword: generated };
}
