/**
 * Where a webhook may point: http(s) URLs whose host resolves only to public addresses, unless
 * WEBHOOK_ALLOW_PRIVATE=on. Checked at registration and again before every delivery (a name may
 * be re-pointed at an internal address after registration); a delivery resolves the name once,
 * checks every address, and connects to the address it checked (services/webhook_send.ts), so a
 * second lookup cannot answer differently (DNS rebinding).
 *
 * "Public" means outside every block of the IANA special-purpose address registries (IPv4:
 * https://www.iana.org/assignments/iana-ipv4-special-registry, IPv6:
 * https://www.iana.org/assignments/iana-ipv6-special-registry, both as of 2025) and the multicast
 * blocks, and for IPv6 inside the global unicast space 2000::/3 (RFC 4291 §2.4): IPv4-mapped,
 * IPv4-compatible, 6to4, NAT64, Teredo, ULA, link-local, site-local, documentation, benchmarking
 * and discard forms are refused whatever IPv4 address they carry.
 */
import ipaddr from "ipaddr.js";
import { HttpError } from "../framework/http_error.ts";

const refuse = (message: string) =>
  new HttpError(422, "validation_failed", `url: ${message}`, [{ path: "url", message }]);

const V4_SPECIAL = [
  "0.0.0.0/8", // "this network" (RFC 791)
  "10.0.0.0/8", // private (RFC 1918)
  "100.64.0.0/10", // shared address space, CGNAT (RFC 6598)
  "127.0.0.0/8", // loopback (RFC 1122)
  "169.254.0.0/16", // link-local (RFC 3927)
  "172.16.0.0/12", // private (RFC 1918)
  "192.0.0.0/24", // IETF protocol assignments (RFC 6890)
  "192.0.2.0/24", // documentation TEST-NET-1 (RFC 5737)
  "192.31.196.0/24", // AS112-v4 (RFC 7535)
  "192.52.193.0/24", // AMT (RFC 7450)
  "192.88.99.0/24", // deprecated 6to4 relay anycast (RFC 7526)
  "192.168.0.0/16", // private (RFC 1918)
  "192.175.48.0/24", // direct delegation AS112 (RFC 7534)
  "198.18.0.0/15", // benchmarking (RFC 2544)
  "198.51.100.0/24", // documentation TEST-NET-2 (RFC 5737)
  "203.0.113.0/24", // documentation TEST-NET-3 (RFC 5737)
  "224.0.0.0/4", // multicast (RFC 5771)
  "240.0.0.0/4", // reserved (RFC 1112), includes 255.255.255.255 limited broadcast
].map((c) => ipaddr.parseCIDR(c));

const V6_SPECIAL = [
  "::/96", // unspecified, loopback and deprecated IPv4-compatible (RFC 4291)
  "::ffff:0:0/96", // IPv4-mapped (RFC 4291)
  "64:ff9b::/96", // IPv4/IPv6 translation, NAT64 (RFC 6052)
  "64:ff9b:1::/48", // local-use IPv4/IPv6 translation (RFC 8215)
  "100::/64", // discard-only (RFC 6666)
  "100:0:0:1::/64", // dummy prefix (RFC 9780)
  "2001::/23", // IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID… (RFC 2928)
  "2001:db8::/32", // documentation (RFC 3849)
  "2002::/16", // 6to4 (RFC 3056)
  "2620:4f:8000::/48", // direct delegation AS112 (RFC 7534)
  "3fff::/20", // documentation (RFC 9637)
  "5f00::/16", // segment routing SIDs (RFC 9602)
  "fc00::/7", // unique local (RFC 4193)
  "fe80::/10", // link-local (RFC 4291)
  "fec0::/10", // deprecated site-local (RFC 3879)
  "ff00::/8", // multicast (RFC 4291)
].map((c) => ipaddr.parseCIDR(c));

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/** True when an IP literal is not a public unicast address (or is not an IP literal at all). */
export function isPrivateAddress(ip: string): boolean {
  const raw = ip.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(raw)) return true;
  const addr = ipaddr.parse(raw);
  if (addr.kind() === "ipv4") {
    const v4 = addr as ipaddr.IPv4;
    // Only the four-part dotted form: "127.1" or "0x7f.1" are not what a resolver returns.
    if (!ipaddr.IPv4.isValidFourPartDecimal(raw)) return true;
    return V4_SPECIAL.some(([net, bits]) => net.kind() === "ipv4" && v4.match(net, bits));
  }
  const v6 = addr as ipaddr.IPv6;
  if (!v6.match(GLOBAL_UNICAST_V6)) return true;
  return V6_SPECIAL.some(([net, bits]) => net.kind() === "ipv6" && v6.match(net, bits));
}

/** A delivery's destination: the URL, and the address checked for it that must be used. */
export interface PinnedTarget {
  url: URL;
  /** The host as the URL names it (without IPv6 brackets): TLS verifies the certificate for it. */
  host: string;
  address: string;
  family: 4 | 6;
}

async function resolve(host: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for (const type of ["A", "AAAA"] as const) {
    try {
      out.push(...await Deno.resolveDns(host, type, { signal }));
    } catch (err) {
      if (signal?.aborted) throw err;
      // No record of this type.
    }
  }
  return out;
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("must be http or https");
  if (url.username || url.password) throw refuse("must not carry credentials; use the secret");
  return url;
}

/**
 * Resolves a webhook URL's host once and checks every address; 422 naming the reason when it
 * may not be sent to. With allowPrivate, any address is accepted (still resolved once).
 */
export async function resolveWebhookTarget(
  raw: string,
  allowPrivate: boolean,
  signal?: AbortSignal,
): Promise<PinnedTarget> {
  const url = parseTarget(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && (host === "localhost" || host.endsWith(".localhost"))) {
    throw refuse("resolves to a loopback address");
  }
  const literal = ipaddr.isValid(host);
  const addresses = literal ? [host] : await resolve(host, signal);
  if (!addresses.length) throw refuse(`host ${host} does not resolve`);
  if (!allowPrivate) {
    const bad = addresses.find(isPrivateAddress);
    if (bad) throw refuse(`resolves to a loopback, private or reserved address (${bad})`);
  }
  const address = addresses[0];
  return { url, host, address, family: ipaddr.parse(address).kind() === "ipv6" ? 6 : 4 };
}

/** The parsed URL when a webhook may be registered there; 422 naming the reason otherwise. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  if (allowPrivate) return parseTarget(raw);
  return (await resolveWebhookTarget(raw, false)).url;
}
