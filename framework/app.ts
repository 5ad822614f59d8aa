import { type Context, Hono, type MiddlewareHandler } from "hono";
import { h } from "preact";
import { HttpError } from "./http_error.ts";
import { registerIslands } from "./islands.ts";
import { renderDocument } from "./render.ts";
import { covers, routeEntries, type RouteEntry } from "./routes.ts";
import { isOperations } from "./define.ts";
import { runOperation } from "./operation.ts";
import type {
  Env,
  ErrorPageProps,
  Handler,
  Handlers,
  IslandAssets,
  Manifest,
  MiddlewareModule,
  OperationPolicy,
  RouteContext,
} from "./types.ts";
import { METHODS } from "./types.ts";

/** What the app's page policy receives for a page route that declares `config.meta`. */
export type PagePolicy<S, M> = (args: {
  meta: M;
  state: S;
  req: Request;
  url: URL;
  params: Record<string, string>;
  run: () => Promise<Response>;
}) => Promise<Response>;

export interface FrameworkOptions<S, M> {
  manifest: Manifest;
  assets: IslandAssets;
  /** Builds the per-request state before any middleware runs. */
  state: (req: Request) => S;
  /** Middleware that runs before the route tree's own (metrics, for instance). */
  before?: MiddlewareHandler<Env<S>>[];
  /** The app's policy around every API operation (access, audit); default: run it. */
  operationPolicy?: OperationPolicy<S, M>;
  /** The app's policy around page routes that declare `config.meta`. */
  pagePolicy?: PagePolicy<S, M>;
  /** Path prefix whose errors are answered as JSON (default "/api/"). */
  apiPrefix?: string;
  /** Time budget of API operations that declare none (framework/budget.ts); none by default. */
  defaultBudgetMs?: number;
  /**
   * Maps errors that are not HttpErrors to one when they mean something to the caller (a
   * database that cannot be reached → 503 with Retry-After); null leaves them a 500.
   */
  mapError?: (err: unknown) => HttpError | null;
  /** Called with every error that is not a 4xx HttpError (logging). */
  onServerError?: (err: unknown, url: URL, state: S | undefined) => void;
}

/** The parsed URL of a request, computed once and shared by middleware and handlers. */
export function requestUrl<S>(c: Context<Env<S>>): URL {
  const holder = c as unknown as { fsUrl?: URL };
  return holder.fsUrl ??= new URL(c.req.url);
}

/** The route pattern a request matched (`/api/hospitals/:id`), or null when none did. */
export function matchedRoute<S>(c: Context<Env<S>>): string | null {
  return (c as unknown as { fsRoute?: string }).fsRoute ?? null;
}

function markRoute<S>(c: Context<Env<S>>, pattern: string) {
  (c as unknown as { fsRoute?: string }).fsRoute = pattern;
}

/** Turns a Fresh-style route manifest into a Hono app. */
export function createFrameworkApp<S, M = unknown>(opts: FrameworkOptions<S, M>): Hono<Env<S>> {
  registerIslands(opts.manifest.islands);
  const entries = routeEntries(opts.manifest.routes);
  const app = new Hono<Env<S>>();
  const apiPrefix = opts.apiPrefix ?? "/api/";
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

  const renderError = (status: number, message: string, url: URL, state: S) => {
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

  const policy: OperationPolicy<S, M> = opts.operationPolicy ?? (({ run }) => run());
  for (const route of special("page")) {
    const { handler, default: Page, config } = route.module;
    if (isOperations<S, M>(handler)) {
      for (const method of METHODS) {
        const operation = handler.methods[method];
        if (!operation) continue;
        app.on(method, route.pattern, (c) => {
          markRoute(c, route.pattern);
          const url = requestUrl(c);
          const params = c.req.param() as Record<string, string>;
          return policy({
            operation,
            method,
            pattern: route.pattern,
            state: c.get("state"),
            req: c.req.raw,
            params,
            hono: c,
            run: () => runOperation(operation, c, url, params, opts.defaultBudgetMs),
          });
        });
      }
      continue;
    }
    const table: Handlers<S> = typeof handler === "function"
      ? Object.fromEntries(METHODS.map((m) => [m, handler as Handler<S>]))
      : (handler as Handlers<S>) ?? {};
    if (!handler && Page) table.GET = (ctx) => ctx.render(undefined);
    const meta = config?.meta as M | undefined;
    for (const method of METHODS) {
      const fn = table[method];
      if (!fn) continue;
      app.on(method, route.pattern, (c) => {
        markRoute(c, route.pattern);
        const url = requestUrl(c);
        const state = c.get("state");
        const params = c.req.param() as Record<string, string>;
        const ctx: RouteContext<S> = {
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
        if (meta === undefined || !opts.pagePolicy) return fn(ctx);
        return opts.pagePolicy({
          meta,
          state,
          req: c.req.raw,
          url,
          params,
          run: async () => await fn(ctx),
        });
      });
    }
  }

  app.notFound((c) => {
    const url = requestUrl(c);
    if (url.pathname.startsWith(apiPrefix)) {
      return Response.json(new HttpError(404, "not_found", `no route ${url.pathname}`), {
        status: 404,
      });
    }
    return renderError(404, "Page not found", url, c.get("state"));
  });

  app.onError((err, c) => {
    const url = requestUrl(c);
    const state = c.get("state");
    const known = err instanceof HttpError
      ? err
      : opts.mapError?.(err) ?? new HttpError(500, "internal", "Something went wrong on our side");
    if (!(err instanceof HttpError) || err.status >= 500) opts.onServerError?.(err, url, state);
    if (url.pathname.startsWith(apiPrefix) || !state) {
      return Response.json(known.toJSON(), { status: known.status, headers: known.headers });
    }
    const res = renderError(known.status, known.message, url, state);
    for (const [k, v] of Object.entries(known.headers)) res.headers.set(k, v);
    return res;
  });
  return app;
}
