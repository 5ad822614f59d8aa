/**
 * Request hygiene, in one place before any route runs: the path must percent-decode, the path
 * and every query value must be clean text (framework/validation.ts `textProblem`), and the
 * body is read through a guard that stops it at a size limit (chunked bodies included, whatever
 * Content-Length claims) and when the client sends too slowly. Every refusal is an HttpError, so
 * the one error mapper answers it in the contract's shape (JSON under /api, the error page
 * elsewhere).
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./http_error.ts";
import { textProblem, tooLarge } from "./validation.ts";
import type { Env } from "./types.ts";

const badRequest = (code: string, message: string, path: string) =>
  new HttpError(400, code, message, [{ path, message }]);

/** The decoded path of a URL, or 400 when its percent-encoding is malformed or unclean. */
export function decodedPath(url: URL): string {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw badRequest("invalid_path", "the path is not valid percent-encoded UTF-8", "(path)");
  }
  const problem = textProblem(path);
  if (problem) throw badRequest("invalid_path", `the path ${problem}`, "(path)");
  return path;
}

/** Refuses a request whose path or query carries text the app would choke on (400). */
export function requestHygiene<S>(): MiddlewareHandler<Env<S>> {
  return async function requestHygiene(c, next) {
    const url = new URL(c.req.url);
    decodedPath(url);
    for (const [k, v] of url.searchParams) {
      const problem = textProblem(k) ?? textProblem(v);
      if (problem) {
        throw badRequest("invalid_query", `query ${problem}`, `query.${textProblem(k) ? "?" : k}`);
      }
    }
    await next();
  };
}

export interface BodyGuardOptions {
  /** Largest body accepted for this request, in bytes. */
  maxBytes(method: string, path: string): number;
  /** A body that sends nothing for this long is cut off with 408. */
  idleTimeoutMs: number;
  /** A body that has not arrived whole after this long is cut off with 408. */
  totalTimeoutMs: number;
}

const slowBody = (what: string) =>
  new HttpError(408, "request_timeout", `the request body ${what}; send it faster`, [
    { path: "(body)", message: what },
  ]);

/**
 * The body as a stream that errors with an HttpError (413 past limit, 408 when idle or slow);
 * readers that iterate it (validation.ts readText, the CSV reader) throw that error as is.
 */
export function guardedBody(
  source: ReadableStream<Uint8Array>,
  limit: number,
  idleMs: number,
  totalMs: number,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const deadline = performance.now() + totalMs;
  let size = 0;
  return new ReadableStream<Uint8Array>({
    async pull(ctl) {
      const wait = Math.min(idleMs, Math.max(0, deadline - performance.now()));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<"late">((resolve) =>
        timer = setTimeout(() => resolve("late"), wait)
      );
      try {
        const got = await Promise.race([reader.read(), late]);
        if (got === "late") {
          const err = slowBody(
            performance.now() >= deadline ? `took longer than ${totalMs} ms` : "stalled",
          );
          reader.cancel(err).catch(() => {});
          ctl.error(err);
          return;
        }
        if (got.done) return ctl.close();
        size += got.value.byteLength;
        if (size > limit) {
          const err = tooLarge(limit);
          reader.cancel(err).catch(() => {});
          ctl.error(err);
          return;
        }
        ctl.enqueue(got.value);
      } catch (err) {
        ctl.error(err);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Puts every request body behind guardedBody; a Content-Length above the limit is refused
 * before anything is read.
 */
export function bodyGuard<S>(opts: BodyGuardOptions): MiddlewareHandler<Env<S>> {
  return async function bodyGuard(c, next) {
    const req = c.req.raw;
    if (!req.body) return await next();
    const limit = opts.maxBytes(req.method, new URL(req.url).pathname);
    const declared = req.headers.get("content-length");
    if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
    const body = guardedBody(req.body, limit, opts.idleTimeoutMs, opts.totalTimeoutMs);
    c.req.raw = new Request(req, { body, duplex: "half" } as RequestInit);
    await next();
  };
}
