/**
 * Webhook secrets at rest and delivery signatures. A secret must be usable to sign every
 * delivery, so it cannot be hashed: it is encrypted with AES-256-GCM under a key derived (HKDF)
 * from the deployment's PII_SECRET, and the API shows only its last four characters.
 */
import type { Db } from "../infra/db.ts";
import type { Config } from "../infra/config.ts";
import { appSecret } from "../lib/auth/secrets.ts";

const enc = new TextEncoder();
const keys = new WeakMap<Db, Promise<CryptoKey>>();

function keyOf(db: Db, config: Config): Promise<CryptoKey> {
  let k = keys.get(db);
  if (!k) {
    k = (async () => {
      const base = await crypto.subtle.importKey(
        "raw",
        enc.encode(await appSecret(db, config, "PII_SECRET")),
        "HKDF",
        false,
        ["deriveKey"],
      );
      return await crypto.subtle.deriveKey(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: enc.encode("festsafe-webhooks"),
          info: enc.encode("webhook-secret-v1"),
        },
        base,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })();
    k.catch(() => keys.delete(db));
    keys.set(db, k);
  }
  return k;
}

const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** "v1:" + base64(iv ‖ ciphertext). */
export async function encryptSecret(db: Db, config: Config, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv },
      await keyOf(db, config),
      enc.encode(secret),
    ),
  );
  const out = new Uint8Array(iv.length + ct.length);
  out.set(iv);
  out.set(ct, iv.length);
  return `v1:${b64(out)}`;
}

export async function decryptSecret(db: Db, config: Config, stored: string): Promise<string> {
  if (!stored.startsWith("v1:")) throw new Error("unknown webhook secret format");
  const raw = unb64(stored.slice(3));
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: raw.slice(0, 12) },
    await keyOf(db, config),
    raw.slice(12),
  );
  return new TextDecoder().decode(pt);
}

/** `sha256=<hex HMAC-SHA256 of the raw body with the secret>` (CONTRACT.md). */
export async function signBody(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
