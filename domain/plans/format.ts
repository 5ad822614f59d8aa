/** Small shared helpers of the agents: local times, rounding, grouping hours by local day. */

/** "14:00 Fri" in the hospital's time zone. */
export function fmtHour(ts: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
    hourCycle: "h23",
  }).formatToParts(ts);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("hour")}:${get("minute")} ${get("weekday")}`;
}

/** The local calendar day "2026-07-01" of an instant: stable key of a day's recommendation. */
export function localDay(ts: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(ts);
}

/** Rounds to one decimal (figures shown in rationales). */
export const r1 = (x: number) => Math.round(x * 10) / 10;

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
  return new Date(Math.max(now.getTime(), ts.getTime() - hours * 3_600_000));
}

/** The item with the largest value of pick (first on ties). */
export function maxBy<T>(items: T[], pick: (t: T) => number): T {
  return items.reduce((a, b) => (pick(b) > pick(a) ? b : a));
}
