/** Small shared helpers of the agents: local times, rounding, grouping hours by local day. */
import { formatHour, formatSpan, localDay } from "../time_format.ts";
import type { PlanForecastHour } from "./types.ts";

export { formatSpan, localDay };

/** "Fri 14:00 PDT" in the hospital's time zone (domain/time_format.ts). */
export const fmtHour = formatHour;

/**
 * "from Mon 17:00 PDT", or "now" when that hour has already begun: the census starts at the
 * current hour, so a plan built at 16:15 must not say "from 16:00" (or "before 16:00").
 */
export const fromHour = (ts: Date, now: Date, tz: string) =>
  ts.getTime() <= now.getTime() ? "now" : `from ${fmtHour(ts, tz)}`;

/** "before Mon 17:00 PDT", or "now" when that hour has already begun (see fromHour). */
export const beforeHour = (ts: Date, now: Date, tz: string) =>
  ts.getTime() <= now.getTime() ? "now" : `before ${fmtHour(ts, tz)}`;

/** "by Mon 17:00 PDT", or "now" when that time has come (a deadline due at once). */
export const byHour = (ts: Date, now: Date, tz: string) =>
  ts.getTime() <= now.getTime() ? "now" : `by ${fmtHour(ts, tz)}`;

/**
 * Expected arrivals of an hour: the forecast's mean, its median where it has none (sums of
 * whole-number medians understate the expected arrivals: issue 16).
 */
export function expectedArrivals(p: PlanForecastHour): number {
  return typeof p.mean === "number" && Number.isFinite(p.mean) ? p.mean : p.p50;
}

/** Rounds to one decimal (figures shown in rationales). */
export const r1 = (x: number) => Math.round(x * 10) / 10;

const HOUR = 3_600_000;

/** Groups items by the local day of their `ts`, keeping order. */
export function byLocalDay<T extends { ts: Date }>(items: T[], timeZone: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const day = localDay(it.ts, timeZone);
    const list = out.get(day);
    if (list) list.push(it);
    else out.set(day, [it]);
  }
  return out;
}

/** `hours` before `ts`, but never before `now` (an action already late is due now). */
export function dueBefore(ts: Date, hours: number, now: Date): Date {
  return new Date(Math.max(now.getTime(), ts.getTime() - hours * HOUR));
}

/** The item with the largest value of pick (first on ties). */
export function maxBy<T>(items: T[], pick: (t: T) => number): T {
  return items.reduce((a, b) => (pick(b) > pick(a) ? b : a));
}

/** Runs of consecutive hours (1 h apart) whose items satisfy `keep`. */
export function runsOf<T extends { ts: Date }>(items: T[], keep: (t: T) => boolean): T[][] {
  const runs: T[][] = [];
  let cur: T[] = [];
  for (const it of items) {
    if (!keep(it)) {
      cur = [];
      continue;
    }
    const next = cur.length && it.ts.getTime() - cur[cur.length - 1].ts.getTime() === HOUR;
    if (!next) runs.push(cur = []);
    cur.push(it);
  }
  return runs;
}

/** The end of an hourly run (its last hour + 1 h). */
export const runEnd = (run: { ts: Date }[]) => new Date(run[run.length - 1].ts.getTime() + HOUR);

/** "s" for plurals. */
export const s = (n: number) => (n === 1 ? "" : "s");
