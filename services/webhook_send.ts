/**
 * One webhook request to the address that was checked for it (services/webhook_target.ts):
 * node:http(s) with a `lookup` that answers only that address, so the connection cannot go
 * anywhere a second DNS answer would send it, while TLS still verifies the certificate for the
 * URL's host name (SNI and the name check use the host, not the address). Redirects are not
 * followed. The caller's signal bounds connect, TLS and the wait for the response headers.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { PinnedTarget } from "./webhook_target.ts";

/** What the engine sends: the body and headers a webhook format produced. */
export interface OutgoingRequest {
  headers: Record<string, string>;
  body: string;
}

/** POSTs the request to the pinned address; resolves with the receiver's status code. */
export function sendPinned(
  target: PinnedTarget,
  out: OutgoingRequest,
  signal: AbortSignal,
  /** Extra trusted CA certificates (PEM), e.g. a private CA; the system roots otherwise. */
  ca?: string[],
): Promise<number> {
  const lookup: LookupFunction = (_host, options, callback) => {
    const cb = callback as (...args: unknown[]) => void;
    if (options.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const tls = target.url.protocol === "https:";
  const body = new TextEncoder().encode(out.body);
  return new Promise<number>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const req = (tls ? https : http).request({
      host: target.host,
      port: target.url.port ? Number(target.url.port) : tls ? 443 : 80,
      path: target.url.pathname + target.url.search,
      method: "POST",
      headers: { ...out.headers, "content-length": String(body.byteLength) },
      lookup,
      agent: false,
      // SNI carries names only; an IP-literal URL is verified against its IP SAN.
      ...(tls && !/^[\d.]+$|:/.test(target.host) ? { servername: target.host } : {}),
      ...(ca ? { ca } : {}),
    }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    const abort = () => req.destroy(signal.reason instanceof Error ? signal.reason : undefined);
    signal.addEventListener("abort", abort, { once: true });
    req.on("error", (err) => reject(signal.aborted ? signal.reason : err));
    req.on("close", () => signal.removeEventListener("abort", abort));
    req.end(body);
  });
}
