import type { MiddlewareHandler } from "hono";
import { requestUrl } from "../framework/app.ts";
import { preferredEncoding } from "./compress.ts";

/** The only extensions served: anything else under a static folder stays private. */
const types: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  geojson: "application/geo+json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  wasm: "application/wasm",
  onnx: "application/octet-stream",
  txt: "text/plain; charset=utf-8",
};

export interface StaticOptions {
  /** URL prefix the folder is served under ("/" for static/, "/_islands/" for bundles). */
  prefix?: string;
  /** Content-hashed files: a one-year immutable cache (manifest.json excepted). */
  immutable?: boolean;
}

/**
 * One path segment as the build writes them: ASCII letters, digits, `_`, `-` and dots, never
 * starting with a dot. This refuses `.`/`..`, dotfiles, backslashes, NUL, colons and every
 * non-ASCII look-alike of a dot or slash (U+2024, U+FF0E, U+2215, …) by construction.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** Encoded separators, NUL and encoded dots never appear in a link this app writes. */
const ENCODED_HOSTILE = /%(2f|5c|00|2e)/i;

/**
 * The relative path a request asks for under the mount, or null when the raw path is anything
 * but plain segments: an absolute or double-slash path, an encoded slash/backslash/dot/NUL, a
 * `..`, a dotfile, or an extension that is not a known asset type.
 */
export function staticPath(rawPathname: string, prefix: string): string | null {
  if (!rawPathname.startsWith(prefix)) return null;
  const raw = rawPathname.slice(prefix.length);
  if (!raw || raw.includes("\\") || ENCODED_HOSTILE.test(raw)) return null;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const segments = path.split("/");
  if (!segments.every((s) => SEGMENT.test(s))) return null;
  const ext = segments.at(-1)!.split(".").pop()!;
  if (!Object.hasOwn(types, ext) || !segments.at(-1)!.includes(".")) return null;
  return segments.join("/");
}

/** The real (symlink-free) directory of a root, with a trailing slash; null when it is missing. */
async function realRoot(root: URL): Promise<string | null> {
  try {
    const real = await Deno.realPath(root);
    return real.endsWith("/") ? real : real + "/";
  } catch {
    return null;
  }
}

/**
 * The size of root/path when it is a regular file whose real path (symlinks resolved) is still
 * inside the root; null otherwise. A symlink in static/ pointing outside is therefore not served.
 */
async function confinedFile(
  root: URL,
  path: string,
): Promise<{ real: string; size: number } | null> {
  const base = await realRoot(root);
  if (!base) return null;
  try {
    const real = await Deno.realPath(new URL(path, root));
    if (!real.startsWith(base)) return null;
    const stat = await Deno.stat(real);
    return stat.isFile ? { real, size: stat.size } : null;
  } catch {
    return null;
  }
}

/**
 * Serves files under root (Fresh's static/ convention), confined to it: staticPath() admits only
 * plain relative names with a known asset extension, and the resolved real path must lie inside
 * the root's real path. When the build left a `.br` or `.gz` sibling (framework/precompress.ts)
 * and the browser accepts it, that is sent instead, so the 14 MB ONNX Runtime binary and the map
 * bundle travel compressed without per-request work. Hono's own serveStatic is not used: it
 * neither resolves symlinks nor limits extensions, and the precompressed siblings and per-mount
 * cache policy would have to be rebuilt around it anyway.
 */
export function serveStatic(root: URL, opts: StaticOptions = {}): MiddlewareHandler {
  const prefix = opts.prefix ?? "/";
  return async function serveStatic(c, next) {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return await next();
    const path = staticPath(requestUrl(c).pathname, prefix);
    if (path === null) return await next();
    const file = await confinedFile(root, path);
    if (!file) return await next();
    const ext = path.split(".").pop()!;
    const headers = new Headers({
      "content-type": types[ext],
      "cache-control": opts.immutable && path !== "manifest.json"
        ? "public, max-age=31536000, immutable"
        : "public, max-age=3600",
      vary: "accept-encoding",
      "x-content-type-options": "nosniff",
    });
    let served = file;
    const encoding = preferredEncoding(c.req.header("accept-encoding"));
    if (encoding) {
      const packed = await confinedFile(root, `${path}.${encoding === "br" ? "br" : "gz"}`);
      if (packed) {
        served = packed;
        headers.set("content-encoding", encoding === "br" ? "br" : "gzip");
      }
    }
    headers.set("content-length", String(served.size));
    if (c.req.method === "HEAD") return new Response(null, { headers });
    const handle = await Deno.open(served.real);
    return new Response(handle.readable, { headers });
  };
}
