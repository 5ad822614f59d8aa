import { z } from "zod";
import { roles } from "../access.ts";
import { API_KEY_SCOPES } from "../auth/api_keys.ts";

const email = z.email("must be an e-mail address").max(254);
/** NIST SP 800-63B: at least 8 characters, no composition rules; FestSafe asks for 12. */
const password = z.string().min(12, "must be at least 12 characters").max(1024);

export const loginBody = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(1024),
}).meta({ id: "Login" });

export const tokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int(),
}).meta({ id: "TokenPair" });

export const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) }).meta({
  id: "Refresh",
});

export const meOut = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(roles),
  orgId: z.uuid(),
  platformAdmin: z.boolean(),
}).meta({ id: "Me" });

export const orgCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  adminEmail: email,
  adminPassword: password,
}).meta({ id: "OrgCreate" });

export const userCreate = z.strictObject({
  email,
  password,
  role: z.enum(roles),
}).meta({ id: "UserCreate" });

export const userPatch = z.strictObject({
  role: z.enum(roles),
  disabled: z.boolean(),
  password,
}).partial().refine((p) => Object.keys(p).length > 0, "send at least one field to change")
  .meta({ id: "UserPatch" });

export const userOut = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(roles),
  orgId: z.uuid(),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
}).meta({ id: "User" });

export const apiKeyCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(["ingest"]),
}).meta({ id: "ApiKeyCreate" });

export const apiKeyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  key: z.string().optional().describe("present only in the answer to POST: store it now"),
}).meta({ id: "ApiKey" });
