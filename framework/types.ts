/**
 * The framework's types, generic over the app's per-request state `S` (Fresh's `App<State>`):
 * nothing here knows about the app's database, cache or accounts.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ComponentType, VNode } from "preact";
import type { z } from "zod";

export type Env<S> = { Variables: { state: S } };

/** Island bundle and vendor file URLs (content-hashed), read from the build's manifest. */
export type IslandAssets = { islands: Record<string, string>; vendor?: Record<string, string> };

/** What a route handler receives: the request, params and a way to render the page. */
export interface RouteContext<S, D = unknown> {
  req: Request;
  url: URL;
  params: Record<string, string>;
  state: S;
  hono: Context<Env<S>>;
  /** Renders the route's page component with data, inside its layouts and _app. */
  render(data: D, init?: ResponseInit): Response;
}

export type Handler<S, D = unknown> = (ctx: RouteContext<S, D>) => Response | Promise<Response>;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
export type Handlers<S, D = unknown> = Partial<Record<Method, Handler<S, D>>>;

export interface PageProps<S, D = unknown> {
  data: D;
  url: URL;
  params: Record<string, string>;
  state: S;
}

export interface LayoutProps<S> {
  Component: () => VNode;
  url: URL;
  state: S;
}

export interface ErrorPageProps {
  status: number;
  message: string;
  url: URL;
}

/** One documented response of an operation. */
export interface ResponseSpec {
  description?: string;
  /** JSON body schema; omit for bodies that are not JSON (then give contentType). */
  schema?: z.ZodType;
  /** Media type of a body that is not JSON (text/csv, text/event-stream, …); with `schema`, an
   * alternative the handler may answer with instead of JSON. */
  contentType?: string;
  /** Further media types the same answer may come in (`?format=csv`), by description. */
  other?: Record<string, string>;
  headers?: Record<string, string>;
}

/** The request body an operation accepts. */
export interface BodySpec {
  /** The JSON form, validated by the framework unless `stream` is set. */
  json?: z.ZodType;
  /** Other media types the handler reads itself (description per media type). */
  other?: Record<string, string>;
  /** The handler reads the body itself (bulk uploads stream it); the schema documents it. */
  stream?: boolean;
  /** Largest accepted body in bytes (the framework stops reading past it with 413). */
  maxBytes?: number;
  required?: boolean;
}

/**
 * One API operation, described where it is handled: its documentation, schemas and the app's
 * own policy (`meta`: access rule, audit policy…) beside the handler. The framework validates
 * path parameters, query and JSON body with the schemas, runs the app's policy around the
 * handler, serialises what the handler returns and builds the OpenAPI document from the same
 * object.
 */
export interface Operation<
  S,
  M,
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  summary: string;
  description?: string;
  tags?: string[];
  /** Defaults to a name derived from method and path (`getHospitalsIdForecast`). */
  operationId?: string;
  params?: P;
  query?: Q;
  body?: BodySpec & { json?: B };
  /** Success responses by status; the first is used for a returned value. */
  responses: Record<number, ResponseSpec>;
  /** Error statuses the caller may get, documented with the framework's error schema. */
  errors?: number[];
  /**
   * Milliseconds the operation may take before it answers 503 with Retry-After (its signal then
   * aborts). Default: the app's default budget, except for operations that stream their body.
   */
  budgetMs?: number | false;
  meta: M;
  handler(
    ctx: OperationContext<S, z.output<P>, z.output<Q>, z.output<B>>,
  ): unknown | Promise<unknown>;
}

/** The context of an operation's handler: validated inputs next to the request. */
export interface OperationContext<S, P = Record<string, string>, Q = unknown, B = unknown> {
  req: Request;
  url: URL;
  state: S;
  hono: Context<Env<S>>;
  params: P;
  query: Q;
  body: B;
  /** Aborted when the operation's time budget is spent. */
  signal: AbortSignal;
}

/** A set of operations by method, as a route file exports it (`define.api({...})`). */
export interface Operations<S, M> {
  readonly kind: "operations";
  // deno-lint-ignore no-explicit-any
  readonly methods: Partial<Record<Method, Operation<S, M, any, any, any>>>;
}

/**
 * The app's policy around every operation (access checks, auditing): it receives the
 * operation's meta and calls `run()` to validate the input and run the handler.
 */
export type OperationPolicy<S, M> = (args: {
  // deno-lint-ignore no-explicit-any
  operation: Operation<S, M, any, any, any>;
  method: Method;
  pattern: string;
  state: S;
  req: Request;
  params: Record<string, string>;
  hono: Context<Env<S>>;
  run: () => Promise<Response>;
}) => Promise<Response>;

export interface RouteModule<S = unknown, M = unknown> {
  // deno-lint-ignore no-explicit-any
  handler?: Handler<S, any> | Handlers<S, any> | Operations<S, M>;
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any>;
  /** Page-level policy (access, audit) applied by the app's page policy. */
  config?: { meta?: M };
}

export interface MiddlewareModule<S = unknown> {
  handler: MiddlewareHandler<Env<S>> | MiddlewareHandler<Env<S>>[];
}

export interface Manifest {
  // deno-lint-ignore no-explicit-any
  routes: Record<string, RouteModule<any, any> | MiddlewareModule<any>>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, { default: ComponentType<any> }>;
}
