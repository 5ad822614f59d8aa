import type { Hono } from "hono";
import { manifest } from "../routes.gen.ts";
import { createFrameworkApp, matchedRoute } from "../framework/app.ts";
import type { IslandAssets } from "../framework/render.ts";
import type { AppEnv, AppState, RouteMeta } from "./define.ts";
import type { Services } from "./runtime.ts";
import { serveStatic } from "./static_files.ts";
import { httpMetrics } from "../infra/metrics.ts";
import { log } from "../infra/log.ts";
import { apiPolicy, pagePolicy } from "./route_policy.ts";
import { BUDGET_MS } from "./limits.ts";
import { dependencyError } from "./dependency_errors.ts";

const staticRoot = new URL("../static/", import.meta.url);

/** Reads the island bundle map written by `deno task build`. */
export async function loadIslandAssets(): Promise<IslandAssets> {
  try {
    return JSON.parse(await Deno.readTextFile(new URL("_islands/manifest.json", staticRoot)));
  } catch {
    throw new Error("island bundles are missing: run `deno task build` (start and test do)");
  }
}

/** Assembles the whole web app: static files first, then the route manifest. */
export function createApp(services: Services, assets: IslandAssets): Hono<AppEnv> {
  const app = createFrameworkApp<AppState, RouteMeta>({
    manifest,
    assets,
    state: () => ({ ...services, assets, requestId: crypto.randomUUID() }),
    before: [httpMetrics(matchedRoute)],
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
  app.use("*", serveStatic(staticRoot));
  return app;
}
