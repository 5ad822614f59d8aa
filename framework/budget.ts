/**
 * Time budgets: heavy work (a what-if forecast, a plan, an export, a page) gets a number of
 * milliseconds; past it the caller gets 503 with Retry-After at once instead of a stalled
 * connection, and the work's AbortSignal fires so cooperative code stops spending CPU that other
 * tenants need.
 */
import { HttpError } from "./http_error.ts";

/** 503 over_budget: the request was refused after spending its time budget. */
export function overBudget(ms: number): HttpError {
  return new HttpError(
    503,
    "over_budget",
    `this request needed more than its ${ms} ms budget; retry later or ask for less`,
    [],
    { "retry-after": "10" },
  );
}

/** Runs work with a budget; the signal aborts when the budget is spent. */
export async function withBudget<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const spent = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = overBudget(ms);
      reject(err); // first, so that work ending on the abort does not win the race
      controller.abort(err);
    }, ms);
  });
  const running = work(controller.signal);
  running.catch(() => {}); // abandoned work may still fail later
  try {
    return await Promise.race([running, spent]);
  } finally {
    clearTimeout(timer);
  }
}
