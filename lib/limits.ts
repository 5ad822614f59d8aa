/**
 * FestSafe's limits in one place (README "Limits"): what a single request may send, how long it
 * may take, and how far input may reach in time. Each keeps one caller from exhausting what
 * every tenant shares (memory, CPU, connections).
 */
import { CSV_LIMIT_BYTES } from "../framework/validation.ts";
import { FORM_LIMIT_BYTES } from "./auth/page_forms.ts";

/** Largest body of any request: pages take forms only; the API's largest body is a CSV upload. */
export function bodyLimitFor(_method: string, path: string): number {
  return path.startsWith("/api/") ? CSV_LIMIT_BYTES : FORM_LIMIT_BYTES;
}

/** A request body that sends nothing for this long is cut off (408): slow-body attacks. */
export const BODY_IDLE_TIMEOUT_MS = 15_000;
/** A request body must arrive whole within this long (50 MB at ≥ 0.5 MB/s). */
export const BODY_TOTAL_TIMEOUT_MS = 100_000;

/** An event may last at most 31 days (the longest fairs run about three weeks). */
export const MAX_EVENT_DAYS = 31;
/** Events start at most one year back and two years ahead of now (forecasts look 72 h ahead). */
export const EVENT_START_YEARS_BACK = 1;
export const EVENT_START_YEARS_AHEAD = 2;

/**
 * Time budgets of heavy work. A request past its budget answers 503 with Retry-After instead of
 * holding a connection and CPU that other tenants need.
 */
export const BUDGET_MS = {
  /** What-if forecasts, forecasts, plans, exports. */
  heavy: 10_000,
  /** Server-rendered pages. */
  page: 15_000,
};
