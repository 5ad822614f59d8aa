import type { MiddlewareHandler } from "hono";
import { requestUrl } from "../framework/app.ts";
import { preferredEncoding } from "./compress.ts";

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

async function fileSize(file: URL): Promise<number | null> {
  try {
    const stat = await Deno.stat(file);
    return stat.isFile ? stat.size : null;
  } catch {
    return null;
  }
}

/**
 * Serves files under root (Fresh's static/ convention). When the build left a `.br` or `.gz`
 * sibling (framework/precompress.ts) and the browser accepts it, that is sent instead, so the
 * 14 MB ONNX Runtime binary and the map bundle travel compressed without per-request work.
 */
export function serveStatic(root: URL, opts: StaticOptions = {}): MiddlewareHandler {
  const prefix = opts.prefix ?? "/";
  return async function serveStatic(c, next) {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return await next();
    const url = requestUrl(c);
    if (!url.pathname.startsWith(prefix)) return await next();
    let path: string;
    try {
      path = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return await next();
    }
    if (!path || path.includes("..") || path.endsWith("/") || path.includes("\0")) {
      return await next();
    }
    const file = new URL(path, root);
    const size = await fileSize(file);
    if (size === null) return await next();
    const ext = path.split(".").pop() ?? "";
    const headers = new Headers({
      "content-type": types[ext] ?? "application/octet-stream",
      "cache-control": opts.immutable && path !== "manifest.json"
        ? "public, max-age=31536000, immutable"
        : "public, max-age=3600",
      vary: "accept-encoding",
    });
    let served = file;
    let length = size;
    const encoding = preferredEncoding(c.req.header("accept-encoding"));
    if (encoding) {
      const sibling = new URL(`${path}.${encoding === "br" ? "br" : "gz"}`, root);
      const packed = await fileSize(sibling);
      if (packed !== null) {
        served = sibling;
        length = packed;
        headers.set("content-encoding", encoding === "br" ? "br" : "gzip");
      }
    }
    headers.set("content-length", String(length));
    if (c.req.method === "HEAD") return new Response(null, { headers });
    const handle = await Deno.open(served);
    return new Response(handle.readable, { headers });
  };
}
