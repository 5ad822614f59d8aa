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

/**
 * An event may last at most 31 days (the longest county fairs run about three weeks). Forecast
 * features walk an event hour by hour: an `endsAt` in 2999 made every what-if of its organisation
 * burn ~15 s of CPU.
 */
export const MAX_EVENT_DAYS = 31;
/**
 * Events start at most five years back (history imported for training) and two years ahead
 * (what-if looks at most 12 months ahead) of now.
 */
export const EVENT_START_YEARS_BACK = 5;
export const EVENT_START_YEARS_AHEAD = 2;

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** What is wrong with an event's time window, as error details (empty when nothing is). */
export function eventWindowProblems(
  startsAt: Date | undefined,
  endsAt: Date | undefined,
  now = Date.now(),
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (startsAt) {
    const t = startsAt.getTime();
    if (t < now - EVENT_START_YEARS_BACK * YEAR_MS || t > now + EVENT_START_YEARS_AHEAD * YEAR_MS) {
      out.push({
        path: "startsAt",
        message: `must be within ${EVENT_START_YEARS_BACK} years back and ` +
          `${EVENT_START_YEARS_AHEAD} years ahead of now`,
      });
    }
  }
  if (startsAt && endsAt) {
    if (endsAt <= startsAt) out.push({ path: "endsAt", message: "must be after startsAt" });
    else if (endsAt.getTime() - startsAt.getTime() > MAX_EVENT_DAYS * DAY_MS) {
      out.push({ path: "endsAt", message: `an event lasts at most ${MAX_EVENT_DAYS} days` });
    }
  }
  return out;
}

/**
 * Time budgets of heavy work. A request past its budget answers 503 with Retry-After instead of
 * holding a connection and CPU that other tenants need.
 */
export const BUDGET_MS = {
  /** Any API operation that declares no budget and does not stream its body. */
  api: 30_000,
  /** What-if forecasts, forecasts, plans, exports. */
  heavy: 10_000,
  /** Server-rendered pages. */
  page: 15_000,
};
