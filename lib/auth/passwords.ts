/**
 * Password hashing with argon2id (hash-wasm), stored as a PHC string. Parameters follow the OWASP
 * Password Storage Cheat Sheet's first argon2id option (m = 19 MiB, t = 2, p = 1).
 */
import { argon2id } from "hash-wasm";
import { constantTimeEqual } from "./constant_time.ts";

const params = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 };

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function derive(
  password: string,
  salt: Uint8Array,
  p: typeof params,
): Promise<Uint8Array> {
  return await argon2id({ password, salt, ...p, outputType: "binary" });
}

/** Hashes a password into `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$m=${params.memorySize},t=${params.iterations},p=${params.parallelism}$${
    b64(salt)
  }$${b64(hash)}`;
}

const phc = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Checks a password against a stored hash in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = stored.match(phc);
  if (!m) return false;
  const expected = unb64(m[5]);
  const actual = await derive(password, unb64(m[4]), {
    memorySize: Number(m[1]),
    iterations: Number(m[2]),
    parallelism: Number(m[3]),
    hashLength: expected.length,
  });
  return constantTimeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/** Burns the same time as a real check, so unknown accounts cannot be told apart by timing. */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await dummy);
  return false;
}
