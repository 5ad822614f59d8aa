/**
 * Compression of dynamic text answers (pages, JSON, CSV) with the runtime's CompressionStream.
 * Static bundles carry precompressed siblings (lib/static_files.ts) and cached pages carry their
 * own compressed bytes (lib/page_cache.ts); both set Content-Encoding, which this leaves alone.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./define.ts";

export type Encoding = "br" | "gzip";

/** The best encoding the client accepts (q=0 refuses one), or null. */
export function preferredEncoding(header: string | undefined | null): Encoding | null {
  if (!header) return null;
  const accepted = new Set<string>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) continue;
    accepted.add(name.trim());
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return null;
}

const COMPRESSIBLE =
  /^(text\/(?!event-stream)|application\/(json|javascript|geo\+json|xml|problem\+json)|image\/svg)/;
/** Below this a compressed answer saves less than its framing costs. */
const MIN_BYTES = 1024;

/** Adds accept-encoding to Vary once. */
export function varyOnEncoding(headers: Headers) {
  const vary = headers.get("vary");
  if (!vary) headers.set("vary", "accept-encoding");
  else if (!/accept-encoding/i.test(vary)) headers.set("vary", `${vary}, accept-encoding`);
}

/**
 * Compresses text answers the client accepts compressed, signed-in pages included (issue 22:
 * they went out whole, 42–68 KB). The CSRF token they carry is masked afresh in every answer
 * (lib/auth/csrf.ts maskCsrf), so compressing it next to text an attacker can reflect into the
 * page (a `?next=` parameter, say) reveals nothing through the compressed length (BREACH).
 * Server-Sent Events (text/event-stream) are never compressed: a compressor buffers them.
 * Hono's own compress middleware offers gzip and deflate only; brotli saves more on HTML.
 */
export function compress(): MiddlewareHandler<AppEnv> {
  return async function compress(c, next) {
    await next();
    const res = c.res;
    // Headers first: reading `res.body` turns a buffered answer into a stream (slower to send).
    if (c.req.method === "HEAD" || res.status === 204 || res.status === 304) return;
    if (res.headers.has("content-encoding")) return;
    if (!COMPRESSIBLE.test(res.headers.get("content-type") ?? "")) return;
    const length = res.headers.get("content-length");
    if (length !== null && Number(length) < MIN_BYTES) return;
    const encoding = preferredEncoding(c.req.header("accept-encoding"));
    if (!encoding || !res.body) return;
    const format = encoding === "br" ? "brotli" : "gzip";
    // Hono copies the old answer's headers onto the new one: fix them up afterwards.
    c.res = new Response(res.body.pipeThrough(new CompressionStream(format)), res);
    c.res.headers.delete("content-length");
    c.res.headers.set("content-encoding", encoding);
    varyOnEncoding(c.res.headers);
  };
}
