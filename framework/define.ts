/**
 * `createDefine<State, Meta>()`, as in Fresh 2: typed identity helpers that route files use to
 * declare their handlers, pages and API operations against the app's state and policy meta.
 */
import type { ComponentType } from "preact";
import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
import type { Env, Handler, Handlers, Method, Operation, Operations, PageProps } from "./types.ts";

export interface Define<S, M> {
  /** Page handlers: `export const handler = define.handlers({ GET(ctx) {…} })`. */
  handlers<D>(h: Handlers<S, D> | Handler<S, D>): Handlers<S, D> | Handler<S, D>;
  /** A page component receiving the handler's data. */
  page<D>(c: ComponentType<PageProps<S, D>>): ComponentType<PageProps<S, D>>;
  /** One API operation; its schemas type the handler's inputs. */
  operation<
    P extends z.ZodType = z.ZodType<Record<string, string>>,
    Q extends z.ZodType = z.ZodType<unknown>,
    B extends z.ZodType = z.ZodType<unknown>,
  >(op: Operation<S, M, P, Q, B>): Operation<S, M, P, Q, B>;
  /** The operations of an API route file: `export const handler = define.api({ GET: …, POST: … })`. */
  // deno-lint-ignore no-explicit-any
  api(methods: Partial<Record<Method, Operation<S, M, any, any, any>>>): Operations<S, M>;
  /** Page-level policy: `export const config = define.config({ … })`. */
  config(meta: M): { meta: M };
  middleware(fn: MiddlewareHandler<Env<S>>): MiddlewareHandler<Env<S>>;
}

export function createDefine<S, M>(): Define<S, M> {
  return {
    handlers: (h) => h,
    page: (c) => c,
    operation: (op) => op,
    api: (methods) => ({ kind: "operations", methods }),
    config: (meta) => ({ meta }),
    middleware: (fn) => fn,
  };
}

/** True when a route module's handler is a set of operations. */
export function isOperations<S, M>(h: unknown): h is Operations<S, M> {
  return typeof h === "object" && h !== null && (h as { kind?: string }).kind === "operations";
}
