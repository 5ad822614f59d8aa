import type { MiddlewareHandler } from "hono";
import { decodedPath } from "../framework/hygiene.ts";

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

/**
 * Serves files under root at the site root (Fresh's static/ convention). Content-hashed
 * island bundles get a one-year immutable cache; everything else is revalidated hourly.
 */
export function serveStatic(root: URL): MiddlewareHandler {
  return async function serveStatic(c, next) {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return await next();
    const path = decodedPath(new URL(c.req.url));
    if (path.includes("..") || path.endsWith("/")) return await next();
    const file = new URL("." + path, root);
    let stat: Deno.FileInfo;
    try {
      stat = await Deno.stat(file);
    } catch {
      return await next();
    }
    if (!stat.isFile) return await next();
    const ext = path.split(".").pop() ?? "";
    const headers = new Headers({
      "content-type": types[ext] ?? "application/octet-stream",
      "content-length": String(stat.size),
      "cache-control": path.startsWith("/_islands/") && path !== "/_islands/manifest.json"
        ? "public, max-age=31536000, immutable"
        : "public, max-age=3600",
    });
    if (c.req.method === "HEAD") return new Response(null, { headers });
    const handle = await Deno.open(file);
    return new Response(handle.readable, { headers });
  };
}
