/**
 * The deployment's secrets: the JWT signing secret, the PII pseudonymisation key and the audit
 * chain key. They never live in the database — a dump alone must not let anyone forge a
 * platform-admin token, recompute patient pseudonyms or re-sign the audit log. Each comes from
 * its environment variable or, when unset, from a secrets file beside the data folder (created
 * 0600, generated once; several instances on one machine share it). Production requires
 * JWT_SECRET and PII_SECRET in the environment (infra/config.ts).
 *
 * Upgrade: installs from before issue 10 kept generated secrets in the `app_secrets` table (which
 * now only holds the demo region's markers). The first start copies them into the file, so that
 * sessions and pseudonyms stay valid, then deletes them from the table.
 */
import type { Config } from "../../infra/config.ts";
import type { Db } from "../../infra/db.ts";
import { log } from "../../infra/log.ts";
import { deleteLegacySecrets, legacySecretRows } from "../../models/app_secrets.ts";
import { randomToken } from "./constant_time.ts";
import { type SigningKey, signingKeys } from "./tokens.ts";

export type SecretName = "JWT_SECRET" | "PII_SECRET" | "AUDIT_KEY";
const NAMES: SecretName[] = ["JWT_SECRET", "PII_SECRET", "AUDIT_KEY"];
type Secrets = Partial<Record<SecretName, string>>;

/** Where generated secrets are kept; "memory://" keeps them in this process only. */
export function secretsFileOf(config: Config): string {
  if (config.SECRETS_FILE) return config.SECRETS_FILE;
  if (!config.DATABASE_URL) {
    if (config.PGLITE_DIR.startsWith("memory://")) return "memory://";
    return `${config.PGLITE_DIR.replace(/\/+$/, "")}/../secrets.json`;
  }
  return "./data/secrets.json";
}

async function readSecrets(path: string): Promise<Secrets | null> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as Secrets;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw new Error(`cannot read the secrets file ${path}: ${(err as Error).message}`);
  }
}

/** Writes the file 0600 without a window where it is readable or half-written. */
async function writeSecrets(path: string, secrets: Secrets, replace: boolean) {
  const dir = path.replace(/\/[^/]*$/, "") || ".";
  await Deno.mkdir(dir, { recursive: true });
  const temp = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temp, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  await Deno.chmod(temp, 0o600);
  try {
    // link() fails when the file exists: of two instances starting together, one file wins.
    if (replace) await Deno.rename(temp, path);
    else await Deno.link(temp, path);
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
}

/** Secrets an older version generated into the database. */
async function legacySecrets(db: Db): Promise<Secrets> {
  return Object.fromEntries(await legacySecretRows(db, [...NAMES]));
}

/** "memory://": one set per process (a throwaway database gets throwaway secrets). */
let memory: Secrets | undefined;
const files = new WeakMap<Db, Promise<Secrets>>();

/** The secrets file's contents, read once per database handle. */
function fileSecrets(db: Db, config: Config): Promise<Secrets> {
  let hit = files.get(db);
  if (!hit) {
    hit = readOrCreate(db, config);
    hit.catch(() => files.delete(db));
    files.set(db, hit);
  }
  return hit;
}

/** The secrets file's contents, created (or completed) on first use. */
async function readOrCreate(db: Db, config: Config): Promise<Secrets> {
  const path = secretsFileOf(config);
  if (path === "memory://") {
    return memory ??= Object.fromEntries(NAMES.map((n) => [n, randomToken(48)]));
  }
  const found = await readSecrets(path);
  const legacy = await legacySecrets(db);
  if (found && NAMES.every((n) => found[n]) && !Object.keys(legacy).length) return found;
  const merged: Secrets = { ...found };
  for (const n of NAMES) merged[n] ??= legacy[n] ?? randomToken(48);
  await writeSecrets(path, merged, found !== null);
  const written = await readSecrets(path);
  if (!written || !NAMES.every((n) => written[n])) {
    throw new Error(`the secrets file ${path} could not be written`);
  }
  if (Object.keys(legacy).length) {
    // Only once the file holds them: a crash before this line leaves both, never neither.
    await deleteLegacySecrets(db, [...NAMES]);
    log.info("generated secrets moved from the database to the secrets file", { path });
  }
  return written;
}

const cache = new WeakMap<Db, Map<SecretName, Promise<string>>>();

async function load(db: Db, config: Config, name: SecretName): Promise<string> {
  const configured = config[name];
  if (configured) return configured;
  if (config.DENO_ENV === "production" && name !== "AUDIT_KEY") {
    throw new Error(`${name} is required in production`);
  }
  return (await fileSecrets(db, config))[name]!;
}

/** The configured secret, or the one generated for this installation (never in the database). */
export function appSecret(db: Db, config: Config, name: SecretName): Promise<string> {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, perDb = new Map());
  let hit = perDb.get(name);
  if (!hit) {
    hit = load(db, config, name);
    hit.catch(() => perDb!.delete(name));
    perDb.set(name, hit);
  }
  return hit;
}

/** Resolves every secret once at start-up, so that a bad secrets file stops the start. */
export async function loadSecrets(db: Db, config: Config): Promise<void> {
  for (const name of NAMES) await appSecret(db, config, name);
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
