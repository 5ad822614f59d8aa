import { Hono, type MiddlewareHandler } from "hono";
import { h } from "preact";
import { HttpError } from "./http_error.ts";
import { log } from "../infra/log.ts";
import { registerIslands } from "./islands.ts";
import { type IslandAssets, renderDocument } from "./render.ts";
import { covers, routeEntries, type RouteEntry } from "./routes.ts";
import type {
  AppEnv,
  AppState,
  ErrorPageProps,
  Handler,
  Handlers,
  Manifest,
  Method,
  MiddlewareModule,
  RouteContext,
} from "./types.ts";

export interface FrameworkOptions {
  manifest: Manifest;
  assets: IslandAssets;
  /** Builds the per-request state (database, config, cache) before any middleware runs. */
  state: (req: Request) => AppState;
  /** Middleware that runs before the route tree's own (metrics, for instance). */
  before?: MiddlewareHandler<AppEnv>[];
}

const methods: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Turns a Fresh-style route manifest into a Hono app. */
export function createFrameworkApp(opts: FrameworkOptions): Hono<AppEnv> {
  registerIslands(opts.manifest.islands);
  const entries = routeEntries(opts.manifest.routes);
  const app = new Hono<AppEnv>();
  const special = (kind: RouteEntry["kind"]) => entries.filter((e) => e.kind === kind);
  const appShell = special("app")[0]?.module.default;
  const errorPage = special("error")[0]?.module.default;
  const layoutsFor = (path: string) =>
    special("layout").filter((l) => covers(l.pattern, path)).sort((a, b) =>
      a.pattern.length - b.pattern.length
    ).map((l) => l.module.default!);

  app.use("*", async function attachState(c, next) {
    c.set("state", opts.state(c.req.raw));
    await next();
  });
  for (const fn of opts.before ?? []) app.use("*", fn);
  for (const mw of special("middleware").sort((a, b) => a.pattern.length - b.pattern.length)) {
    const handlers = (mw.module as unknown as MiddlewareModule).handler;
    const path = mw.pattern === "/" ? "*" : `${mw.pattern}/*`;
    for (const fn of Array.isArray(handlers) ? handlers : [handlers]) app.use(path, fn);
  }

  const renderError = (status: number, message: string, url: URL, state: AppState) => {
    const props: ErrorPageProps = { status, message, url };
    const page = errorPage ? h(errorPage, props) : h("h1", null, message);
    const html = renderDocument(
      page,
      {
        app: appShell,
        layouts: layoutsFor("/"),
        assets: opts.assets,
      },
      url,
      state,
    );
    return new Response(html, {
      status,
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  };

  for (const route of special("page")) {
    const { handler, default: Page } = route.module;
    const table: Handlers = typeof handler === "function"
      ? Object.fromEntries(methods.map((m) => [m, handler as Handler]))
      : handler ?? {};
    if (!handler && Page) table.GET = (ctx) => ctx.render(undefined);
    for (const method of methods) {
      const fn = table[method];
      if (!fn) continue;
      app.on(method, route.pattern, (c) => {
        const url = new URL(c.req.url);
        const state = c.get("state");
        const params = c.req.param() as Record<string, string>;
        const ctx: RouteContext = {
          req: c.req.raw,
          url,
          params,
          state,
          hono: c,
          render(data, init) {
            if (!Page) throw new Error(`${route.file} has no page component`);
            const html = renderDocument(
              h(Page, { data, url, params, state }),
              {
                app: appShell,
                layouts: layoutsFor(url.pathname),
                assets: opts.assets,
              },
              url,
              state,
            );
            const headers = new Headers(init?.headers);
            headers.set("content-type", "text/html; charset=utf-8");
            return new Response(html, { status: init?.status ?? 200, headers });
          },
        };
        return fn(ctx);
      });
    }
  }

  app.notFound((c) => {
    const url = new URL(c.req.url);
    if (url.pathname.startsWith("/api/")) {
      return Response.json(new HttpError(404, "not_found", `no route ${url.pathname}`), {
        status: 404,
      });
    }
    return renderError(404, "Page not found", url, c.get("state"));
  });

  app.onError((err, c) => {
    const url = new URL(c.req.url);
    const state = c.get("state");
    const known = err instanceof HttpError
      ? err
      : new HttpError(500, "internal", "Something went wrong on our side");
    if (!(err instanceof HttpError) || err.status >= 500) {
      log.error("request failed", {
        requestId: state?.requestId,
        path: url.pathname,
        error: err instanceof Error ? err.message : String(err),
        stack: err instanceof Error ? err.stack : undefined,
      });
    }
    if (url.pathname.startsWith("/api/") || !state) {
      return Response.json(known.toJSON(), { status: known.status, headers: known.headers });
    }
    const res = renderError(known.status, known.message, url, state);
    for (const [k, v] of Object.entries(known.headers)) res.headers.set(k, v);
    return res;
  });
  return app;
}
