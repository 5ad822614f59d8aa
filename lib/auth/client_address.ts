/**
 * The client's address as the app should believe it. The socket address is the client unless it
 * is one of TRUSTED_PROXIES (a TLS proxy or load balancer in front of FestSafe); then the
 * X-Forwarded-For chain is read from the right, skipping further trusted proxies, and the first
 * address not trusted is the client. A client can prepend anything to X-Forwarded-For, so
 * nothing left of that point is ever believed, and a request that did not come through a
 * trusted proxy has its header ignored.
 */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";

interface Range {
  bytes: Uint8Array;
  bits: number;
}

/** Parses an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4), or null. */
export function parseIp(text: string): Uint8Array | null {
  let s = text.trim().replace(/^\[|\]$/g, "");
  const mapped = s.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) s = mapped[1];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const parts = s.split(".").map(Number);
    return parts.every((p) => p <= 255) ? Uint8Array.from(parts) : null;
  }
  if (!/^[0-9a-f:]+$/i.test(s) || !s.includes(":")) return null;
  const [head, tail, extra] = s.split("::");
  if (extra !== undefined) return null;
  const groups = (x: string) => (x ? x.split(":") : []);
  const h = groups(head), t = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  if (fill < 0 || (tail === undefined && h.length !== 8)) return null;
  const all = [...h, ...Array(fill).fill("0"), ...t];
  if (all.some((g) => g.length > 4 || g === "")) return null;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 255;
  });
  return out;
}

/** Parses TRUSTED_PROXIES ("10.0.0.0/8, 192.0.2.7, ::1"); bad entries are skipped. */
export function parseTrusted(list: string): Range[] {
  const out: Range[] = [];
  for (const entry of list.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [addr, len] = entry.split("/");
    const bytes = parseIp(addr);
    if (!bytes) continue;
    const bits = len === undefined ? bytes.length * 8 : Number(len);
    if (Number.isInteger(bits) && bits >= 0 && bits <= bytes.length * 8) out.push({ bytes, bits });
  }
  return out;
}

/** True when an address lies in one of the ranges. */
export function isTrusted(address: string, ranges: Range[]): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  return ranges.some((r) => {
    if (r.bytes.length !== ip.length) return false;
    for (let bit = 0; bit < r.bits; bit++) {
      const mask = 0x80 >> (bit % 8);
      if ((ip[bit >> 3] & mask) !== (r.bytes[bit >> 3] & mask)) return false;
    }
    return true;
  });
}

const parsed = new Map<string, Range[]>();

/** The client address of a request given the socket address and TRUSTED_PROXIES. */
export function clientAddress(
  socket: string,
  forwardedFor: string | null,
  trusted: string,
): string {
  let ranges = parsed.get(trusted);
  if (!ranges) parsed.set(trusted, ranges = parseTrusted(trusted));
  if (!ranges.length || !isTrusted(socket, ranges) || !forwardedFor) return socket;
  const hops = forwardedFor.split(",").map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!parseIp(hops[i])) return socket; // a malformed hop: believe nothing further left
    if (!isTrusted(hops[i], ranges)) return hops[i];
  }
  return hops[0] ?? socket;
}

/** The socket's remote address ("unknown" for in-process requests, as in tests). */
export function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
