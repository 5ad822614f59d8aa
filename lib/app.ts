import type { Hono } from "hono";
import { manifest } from "../routes.gen.ts";
import { createFrameworkApp, matchedRoute } from "../framework/app.ts";
import type { IslandAssets } from "../framework/render.ts";
import type { AppEnv, AppState, RouteMeta } from "./define.ts";
import type { Services } from "./runtime.ts";
import { serveStatic, type StaticOptions } from "./static_files.ts";
import { compress } from "./compress.ts";
import { httpMetrics } from "../infra/metrics.ts";
import { log } from "../infra/log.ts";
import { apiPolicy, pagePolicy } from "./route_policy.ts";
import { BUDGET_MS } from "./limits.ts";
import { dependencyError } from "./dependency_errors.ts";

import { islandsDir } from "./islands_dir.ts";

const staticRoot = new URL("../static/", import.meta.url);

export { islandsDir };

/** Reads the island bundle map written by `deno task build`. */
export async function loadIslandAssets(dir = islandsDir()): Promise<IslandAssets> {
  try {
    return JSON.parse(await Deno.readTextFile(new URL("manifest.json", dir)));
  } catch {
    throw new Error(
      `island bundles are missing in ${dir.pathname}: run \`deno task build\` (start and test do)`,
    );
  }
}

/**
 * Every folder the app serves files from, in match order. The traversal battery
 * (tests/static_traversal_test.ts) attacks each entry, so a new mount belongs here.
 */
export function staticMounts(bundles: URL): (StaticOptions & { root: URL })[] {
  return [
    { root: bundles, prefix: "/_islands/", immutable: true },
    { root: staticRoot, prefix: "/" },
  ];
}

/** Assembles the whole web app: the route manifest, then island bundles and static files. */
export function createApp(
  services: Services,
  assets: IslandAssets,
  bundles = islandsDir(services.config.ISLANDS_DIR),
): Hono<AppEnv> {
  const app = createFrameworkApp<AppState, RouteMeta>({
    manifest,
    assets,
    state: () => ({ ...services, assets, requestId: crypto.randomUUID() }),
    before: [httpMetrics(matchedRoute), compress()],
    operationPolicy: apiPolicy(),
    pagePolicy: pagePolicy(),
    defaultBudgetMs: BUDGET_MS.api,
    mapError: dependencyError,
    onServerError: (err, url, state) =>
      dependencyError(err)
        ? log.warn("dependency unavailable", {
          requestId: state?.requestId,
          path: url.pathname,
          error: err instanceof Error ? err.message : String(err),
        })
        : log.error("request failed", {
          requestId: state?.requestId,
          path: url.pathname,
          error: err instanceof Error ? err.message : String(err),
          stack: err instanceof Error ? err.stack : undefined,
        }),
  });
  for (const { root, ...opts } of staticMounts(bundles)) {
    app.use(opts.prefix === "/" ? "*" : `${opts.prefix}*`, serveStatic(root, opts));
  }
  return app;
}
