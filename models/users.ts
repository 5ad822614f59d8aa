import type { Queryable } from "../infra/db.ts";
import { isUuid } from "./ids.ts";

/** A user as the API shows it: never the password hash. */
export interface User {
  id: string;
  email: string;
  role: string;
  orgId: string;
  platformAdmin: boolean;
  disabled: boolean;
  createdAt: Date;
}

const columns = `id, email, role, org_id AS "orgId", is_platform_admin AS "platformAdmin",
  disabled, created_at AS "createdAt"`;

/** Finds a user for login by e-mail (case-insensitive), with the password hash. */
export async function findUserForLogin(db: Queryable, email: string) {
  const rows = await db.query<User & { passwordHash: string }>(
    `SELECT ${columns}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0] ?? null;
}

/**
 * Every account of an e-mail (case-insensitive), oldest first, with password hashes: one per
 * organisation at most (sign-in tries each).
 */
export function findUsersForLogin(db: Queryable, email: string) {
  return db.query<User & { passwordHash: string }>(
    `SELECT ${columns}, password_hash AS "passwordHash" FROM users
     WHERE lower(email) = lower($1) ORDER BY created_at, id LIMIT 20`,
    [email],
  );
}

/** True when an organisation already has a user with this e-mail. */
export async function emailTakenInOrg(db: Queryable, orgId: string, email: string) {
  const rows = await db.query(
    "SELECT 1 FROM users WHERE org_id = $1 AND lower(email) = lower($2)",
    [orgId, email],
  );
  return rows.length > 0;
}

/** One user by id, any organisation (for token refresh). */
export async function getUserById(db: Queryable, id: string): Promise<User | null> {
  const rows = await db.query<User>(`SELECT ${columns} FROM users WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** One user of an organisation, or null. */
export async function getUser(db: Queryable, orgId: string, id: string): Promise<User | null> {
  if (!isUuid(id)) return null;
  const rows = await db.query<User>(
    `SELECT ${columns} FROM users WHERE org_id = $1 AND id = $2`,
    [orgId, id],
  );
  return rows[0] ?? null;
}

/** The users of an organisation by e-mail. */
export function listUsers(db: Queryable, orgId: string): Promise<User[]> {
  return db.query<User>(`SELECT ${columns} FROM users WHERE org_id = $1 ORDER BY email`, [orgId]);
}

/** True when an e-mail is taken (in any organisation: e-mails are global logins). */
export async function emailTaken(db: Queryable, email: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM users WHERE lower(email) = lower($1)", [email]);
  return rows.length > 0;
}

/** Inserts a user with an already-hashed password. */
export async function insertUser(
  db: Queryable,
  u: { orgId: string; email: string; passwordHash: string; role: string; platformAdmin?: boolean },
): Promise<User> {
  const rows = await db.query<User>(
    `INSERT INTO users (org_id, email, password_hash, role, is_platform_admin)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [u.orgId, u.email, u.passwordHash, u.role, u.platformAdmin ?? false],
  );
  return rows[0];
}

/** Changes role, disabled flag or password hash of a user of an organisation. */
export async function updateUser(
  db: Queryable,
  orgId: string,
  id: string,
  patch: { role?: string; disabled?: boolean; passwordHash?: string },
): Promise<User | null> {
  if (!isUuid(id)) return null;
  const rows = await db.query<User>(
    `UPDATE users SET role = coalesce($3, role), disabled = coalesce($4, disabled),
       password_hash = coalesce($5, password_hash), updated_at = now()
     WHERE org_id = $1 AND id = $2 RETURNING ${columns}`,
    [orgId, id, patch.role ?? null, patch.disabled ?? null, patch.passwordHash ?? null],
  );
  return rows[0] ?? null;
}

/**
 * Serialises registrations of one e-mail until the transaction ends, so that two concurrent
 * sign-ups with the same address cannot both pass the "is it taken?" check.
 */
export async function lockEmail(db: Queryable, email: string) {
  await db.query("SELECT pg_advisory_xact_lock(7242011, hashtext(lower($1)))", [email]);
}

/** True when some user is a platform admin. */
export async function platformAdminExists(db: Queryable): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM users WHERE is_platform_admin LIMIT 1");
  return rows.length > 0;
}

/** Inserts a platform admin into the organisation named orgName (which must exist). */
export async function insertPlatformAdmin(
  db: Queryable,
  a: { orgName: string; email: string; passwordHash: string },
): Promise<void> {
  await db.query(
    `INSERT INTO users (org_id, email, password_hash, role, is_platform_admin)
     SELECT id, $2, $3, 'admin', true FROM orgs WHERE name = $1`,
    [a.orgName, a.email, a.passwordHash],
  );
}
