/**
 * Organisations, users and tokens for tests, created in the shared database under unique names
 * so that tests never see each other's rows. Tokens are minted through the real session code.
 */
import { type Role, roles } from "../../lib/access.ts";
import type { Services } from "../../lib/runtime.ts";
import { hashPassword } from "../../lib/auth/passwords.ts";
import { startSession } from "../../lib/auth/sessions.ts";
import { createApiKey } from "../../lib/auth/api_keys.ts";
import { insertUser, type User } from "../../models/users.ts";
import { type Hospital, insertHospital } from "../../models/hospitals.ts";
import { type FestEvent, insertEvent } from "../../models/events.ts";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;
/** One argon2id hash of TEST_PASSWORD shared by every test user (hashing costs ~50 ms). */
export const testPasswordHash = () => passwordHash ??= hashPassword(TEST_PASSWORD);

export interface TestUser extends User {
  token: string;
  refreshToken: string;
}

export interface TestOrg {
  id: string;
  name: string;
  users: Record<Role, TestUser>;
  hospital: Hospital;
  event: FestEvent;
  apiKey: string;
}

/** A unique short label for names. */
export const unique = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;

/** Adds a user (TEST_PASSWORD) to an organisation and signs them in. */
export async function addUser(
  s: Services,
  orgId: string,
  role: Role,
  opts: { platformAdmin?: boolean; email?: string } = {},
): Promise<TestUser> {
  const user = await insertUser(s.db, {
    orgId,
    email: opts.email ?? `${unique(role)}@test.festsafe.local`,
    passwordHash: await testPasswordHash(),
    role,
    platformAdmin: opts.platformAdmin,
  });
  const pair = await startSession(s, user);
  return { ...user, token: pair.accessToken, refreshToken: pair.refreshToken };
}

/** An organisation with one user per role, a hospital, an event and an ingest API key. */
export async function makeOrg(s: Services, label: string): Promise<TestOrg> {
  const name = unique(`org-${label}`);
  const [{ id }] = await s.db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [name],
  );
  const users = {} as Record<Role, TestUser>;
  for (const role of roles) users[role] = await addUser(s, id, role);
  const hospital = (await insertHospital(s.db, id, {
    code: unique(`hosp-${label}`),
    name: `${name} General Hospital`,
    lat: 33.8,
    lon: -116.5,
    edBeds: 30,
    icuBeds: 10,
    staffBaseline: 20,
    timezone: "America/Los_Angeles",
  }))!;
  const event = (await insertEvent(s.db, id, {
    code: unique(`event-${label}`),
    name: `${name} Festival`,
    type: "music_festival",
    lat: 33.68,
    lon: -116.24,
    startsAt: new Date("2025-04-11T18:00:00Z"),
    endsAt: new Date("2025-04-14T06:00:00Z"),
    expectedAttendance: 50_000,
    indoor: false,
    bounded: true,
    alcohol: true,
    freeWater: true,
  }))!;
  const key = await createApiKey(s.db, {
    orgId: id,
    name: "test feed",
    scopes: ["ingest"],
    createdBy: users.admin.id,
  });
  return { id, name, users, hospital, event, apiKey: key.key };
}

/** Authorization header for a token or API key. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A JSON request init. */
export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}) {
  return {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}
