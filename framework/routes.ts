import { isOperations } from "./define.ts";
import {
  type Method,
  METHODS,
  type MiddlewareModule,
  type Operation,
  type RouteModule,
} from "./types.ts";

/** One manifest entry turned into a URL pattern. */
export interface RouteEntry {
  file: string;
  kind: "page" | "middleware" | "layout" | "app" | "error";
  /** Hono pattern (`/hospitals/:id`); for middleware and layouts, the folder they cover. */
  pattern: string;
  module: RouteModule;
}

type AnyModule = RouteModule | MiddlewareModule;

/** Maps `./routes/hospitals/[id].tsx` to `/hospitals/:id`, Fresh's file-route rules. */
export function fileToPattern(file: string): string {
  const parts = file.replace(/^\.\/routes\//, "").replace(/\.(tsx?|jsx?)$/, "").split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (/^\(.*\)$/.test(part)) continue; // route groups never become URL segments
    if (part === "index") continue;
    const rest = part.match(/^\[\.\.\.(\w+)\]$/);
    if (rest) {
      out.push("*");
      continue;
    }
    out.push(part.replace(/\[(\w+)\]/g, ":$1"));
  }
  return "/" + out.join("/");
}

function kindOf(file: string): RouteEntry["kind"] {
  const base = file.split("/").pop()!.replace(/\.(tsx?|jsx?)$/, "");
  if (base === "_middleware") return "middleware";
  if (base === "_layout") return "layout";
  if (base === "_app") return "app";
  if (base === "_error") return "error";
  return "page";
}

/** Folder a special file covers, as a URL prefix ("/" or "/api"). */
function folderPattern(file: string): string {
  const p = fileToPattern(file.replace(/\/[^/]+$/, "/index.ts"));
  return p;
}

/** Sorts so that static segments win over parameters and catch-alls, as in Fresh. */
function rank(pattern: string): string {
  return pattern.split("/").map((s) => s === "*" ? "2" : s.startsWith(":") ? "1" : "0" + s)
    .join("/");
}

/** Classifies and orders the manifest's routes. */
export function routeEntries(routes: Record<string, AnyModule>): RouteEntry[] {
  const entries = Object.entries(routes).map(([file, module]) => {
    const kind = kindOf(file);
    const pattern = kind === "page" ? fileToPattern(file) : folderPattern(file);
    return { file, kind, pattern, module: module as RouteModule } as RouteEntry;
  });
  return entries.sort((a, b) => rank(a.pattern).localeCompare(rank(b.pattern)));
}

/** True when a folder pattern covers a URL path. */
export function covers(folder: string, path: string): boolean {
  return folder === "/" || path === folder || path.startsWith(folder + "/");
}

/** Every API operation in a manifest, with its method and pattern (for docs and tests). */
export function operationsOf<S, M>(routes: Record<string, AnyModule>) {
  const out: {
    method: Method;
    pattern: string;
    file: string;
    // deno-lint-ignore no-explicit-any
    operation: Operation<S, M, any, any, any>;
  }[] = [];
  for (const e of routeEntries(routes)) {
    if (e.kind !== "page" || !isOperations<S, M>(e.module.handler)) continue;
    for (const method of METHODS) {
      const operation = e.module.handler.methods[method];
      if (operation) out.push({ method, pattern: e.pattern, file: e.file, operation });
    }
  }
  return out;
}
