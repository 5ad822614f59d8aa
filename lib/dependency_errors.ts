/**
 * Errors of the app's dependencies as answers: a database that cannot be reached (stopped,
 * restarting, failing over) is a 503 with Retry-After, not a 500 — the pool reconnects by
 * itself and the caller should simply retry (CONTRACT.md: "503 with Retry-After when a
 * dependency is down").
 */
import { HttpError } from "../framework/http_error.ts";
import { isUnavailableError } from "../infra/db.ts";

/** Seconds a client should wait before retrying while a dependency is down. */
export const DEPENDENCY_RETRY_SECONDS = 5;

/** 503 dependency_unavailable naming what is down. */
export function dependencyDown(what: string): HttpError {
  return new HttpError(
    503,
    "dependency_unavailable",
    `the ${what} is not reachable right now; retry shortly`,
    [],
    { "retry-after": String(DEPENDENCY_RETRY_SECONDS) },
  );
}

/** The HttpError an unexpected error stands for, or null when it is a real server fault. */
export function dependencyError(err: unknown): HttpError | null {
  if (isUnavailableError(err) || isUnavailableError((err as { cause?: unknown })?.cause)) {
    return dependencyDown("database");
  }
  return null;
}
