import type { Config } from "../../infra/config.ts";
import type { Db } from "../../infra/db.ts";
import { getSecret, insertSecretIfAbsent } from "../../models/app_secrets.ts";
import { randomToken } from "./constant_time.ts";
import { type SigningKey, signingKeys } from "./tokens.ts";

export type SecretName = "JWT_SECRET" | "PII_SECRET";

const cache = new WeakMap<Db, Map<SecretName, Promise<string>>>();

async function loadOrCreate(db: Db, config: Config, name: SecretName): Promise<string> {
  const configured = config[name];
  if (configured) return configured;
  if (config.DENO_ENV === "production") throw new Error(`${name} is required in production`);
  // Generated once per database, so restarts and several instances agree on it.
  await insertSecretIfAbsent(db, name, randomToken(48));
  const value = await getSecret(db, name);
  if (value === null) throw new Error(`${name} could not be stored`);
  return value;
}

/** The configured secret, or the one generated for this database outside production. */
export function appSecret(db: Db, config: Config, name: SecretName): Promise<string> {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, perDb = new Map());
  let hit = perDb.get(name);
  if (!hit) {
    hit = loadOrCreate(db, config, name);
    hit.catch(() => perDb!.delete(name));
    perDb.set(name, hit);
  }
  return hit;
}

const keyCache = new WeakMap<Db, Promise<SigningKey[]>>();

/** The JWT signing keys of this deployment (one today; a list so that rotation can add one). */
export function jwtKeys(db: Db, config: Config): Promise<SigningKey[]> {
  let hit = keyCache.get(db);
  if (!hit) {
    hit = appSecret(db, config, "JWT_SECRET").then((s) => signingKeys([s]));
    hit.catch(() => keyCache.delete(db));
    keyCache.set(db, hit);
  }
  return hit;
}
