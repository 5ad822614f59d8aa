import type { Context, MiddlewareHandler } from "hono";
import type { ComponentType, VNode } from "preact";
import type { Db } from "../infra/db.ts";
import type { Config } from "../infra/config.ts";
import type { Cache } from "../infra/cache.ts";
import type { IslandAssets } from "./render.ts";

/** Per-request state shared by middleware, handlers and pages. */
export interface AppState {
  db: Db;
  config: Config;
  cache: Cache;
  requestId: string;
  /** Island bundle and vendor file URLs (content-hashed). */
  assets: IslandAssets;
  /** Set by the auth middleware once a caller is known. */
  user?: { id: string; email: string; role: string; orgId: string | null; platformAdmin: boolean };
  /** Set instead of `user` when a machine client authenticated with an API key. */
  apiKey?: { id: string; orgId: string; scopes: string[]; prefix: string };
  /** The refresh-token family of the signed-in user's session. */
  sessionId?: string;
  /** The double-submit CSRF token of a browser session, for forms on pages. */
  csrf?: string;
}

export type AppEnv = { Variables: { state: AppState } };

/** What a route handler receives: the request, params and a way to render the page. */
export interface RouteContext<D = unknown> {
  req: Request;
  url: URL;
  params: Record<string, string>;
  state: AppState;
  hono: Context<AppEnv>;
  /** Renders the route's page component with data, inside its layouts and _app. */
  render(data: D, init?: ResponseInit): Response;
}

export type Handler<D = unknown> = (ctx: RouteContext<D>) => Response | Promise<Response>;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Handlers<D = unknown> = Partial<Record<Method, Handler<D>>>;

export interface PageProps<D = unknown> {
  data: D;
  url: URL;
  params: Record<string, string>;
  state: AppState;
}

export interface LayoutProps {
  Component: () => VNode;
  url: URL;
  state: AppState;
}

export interface ErrorPageProps {
  status: number;
  message: string;
  url: URL;
}

export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any> | Handlers<any>;
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any>;
}

export interface MiddlewareModule {
  handler: MiddlewareHandler<AppEnv> | MiddlewareHandler<AppEnv>[];
}

export interface Manifest {
  routes: Record<string, RouteModule | MiddlewareModule>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, { default: ComponentType<any> }>;
}
