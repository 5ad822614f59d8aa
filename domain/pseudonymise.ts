/**
 * Privacy on ingestion: direct identifiers never reach storage. Patient and encounter
 * identifiers become keyed HMAC-SHA256 pseudonyms (PII_SECRET, scoped to the organisation), so
 * the same patient links across uploads without the identifier being recoverable; names,
 * addresses, phone numbers, e-mails and exact birth dates are dropped; age is kept only as a
 * 5-year band (HIPAA Safe Harbor, 45 CFR 164.514(b)(2): dates more precise than the year and
 * ages over 89 are identifiers, hence the "90+" top band).
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      [
        "sign",
      ],
    );
    keys.set(secret, k);
  }
  return k;
}

/** A stable pseudonym of an identifier within one organisation (32 hex characters). */
export async function pseudonym(secret: string, scope: string, value: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret),
    encoder.encode(`${scope}\u0000${value.trim()}`),
  );
  return Array.from(new Uint8Array(mac).subarray(0, 16), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** Whole years between a birth date (YYYY-MM-DD) and an instant, or null when impossible. */
export function ageAt(birthDate: string, at: Date): number | null {
  const m = birthDate.match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 7), Number(m[3] ?? 1)];
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() + 1 < mo || (at.getUTCMonth() + 1 === mo && at.getUTCDate() < d)) age--;
  return age >= 0 && age <= 130 ? age : null;
}

/** The 5-year band of an age: "0-4", "35-39", …, "85-89", "90+". */
export function ageBand(age: number | null | undefined): string | null {
  if (age === null || age === undefined || !Number.isFinite(age) || age < 0) return null;
  if (age >= 90) return "90+";
  const low = Math.floor(age / 5) * 5;
  return `${low}-${low + 4}`;
}
