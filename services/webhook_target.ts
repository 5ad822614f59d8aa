/**
 * Where a webhook may point: http(s) URLs whose host resolves only to public addresses, unless
 * WEBHOOK_ALLOW_PRIVATE=on. Checked when the webhook is registered and again before every
 * delivery (a name may be re-pointed at an internal address after registration).
 */
import { HttpError } from "../framework/http_error.ts";

const refuse = (message: string) =>
  new HttpError(422, "validation_failed", `url: ${message}`, [{ path: "url", message }]);

function v4(s: string): number[] | null {
  const m = s.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? b : null;
}

/** Loopback, private, link-local, shared (CGNAT), reserved, multicast or unspecified IPv4. */
function privateV4([a, b, c]: number[]): boolean {
  return a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) || (a === 198 && (b === 18 || b === 19));
}

/** Expands an IPv6 literal to 8 groups, or null. */
function v6Groups(s: string): number[] | null {
  let addr = s.replace(/^\[|\]$/g, "").split("%")[0].toLowerCase();
  const tail = addr.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (tail) {
    const b = v4(tail[1]);
    if (!b) return null;
    addr = addr.slice(0, -tail[1].length) + `${(b[0] << 8 | b[1]).toString(16)}:` +
      (b[2] << 8 | b[3]).toString(16);
  }
  const [head, rest] = addr.split("::");
  if (addr.split("::").length > 2) return null;
  const h = head ? head.split(":") : [], r = rest !== undefined && rest ? rest.split(":") : [];
  const missing = 8 - h.length - r.length;
  if (rest === undefined ? h.length !== 8 : missing < 1) return null;
  const groups = [...h, ...Array(rest === undefined ? 0 : missing).fill("0"), ...r].map((g) =>
    /^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN
  );
  return groups.every(Number.isFinite) ? groups : null;
}

function privateV6(g: number[]): boolean {
  const zero = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zero(8) || (zero(7) && g[7] === 1)) return true; // :: and ::1
  if (zero(5) && g[5] === 0xffff) return privateV4([g[6] >> 8, g[6] & 255, g[7] >> 8]); // ::ffff:v4
  if (g[0] === 0x64 && g[1] === 0xff9b) return privateV4([g[6] >> 8, g[6] & 255, g[7] >> 8]);
  return (g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xff00) === 0xff00;
}

/** True when an IP literal is not a public unicast address. */
export function isPrivateAddress(ip: string): boolean {
  const b = v4(ip);
  if (b) return privateV4(b);
  const g = v6Groups(ip);
  return g ? privateV6(g) : true;
}

async function resolve(host: string): Promise<string[]> {
  const out: string[] = [];
  for (const type of ["A", "AAAA"] as const) {
    try {
      out.push(...await Deno.resolveDns(host, type));
    } catch { /* no record of this type */ }
  }
  return out;
}

/**
 * The parsed URL when a webhook may be sent there; 422 naming the reason otherwise. With
 * allowPrivate, only the scheme and form are checked.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("must be http or https");
  if (url.username || url.password) throw refuse("must not carry credentials; use the secret");
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) {
    throw refuse("resolves to a loopback address");
  }
  const literal = v4(host) !== null || host.includes(":");
  const addresses = literal ? [host] : await resolve(host);
  if (!addresses.length) throw refuse(`host ${host} does not resolve`);
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw refuse(`resolves to a loopback or private address (${bad})`);
  return url;
}
