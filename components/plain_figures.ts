/**
 * Figures and times in words for people (issue 22): whole people, rates to two significant
 * digits, and times relative to now that never present a past hour as upcoming.
 */
import { formatHour } from "../domain/time_format.ts";

const HOUR = 3_600_000;
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const twoDigits = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });

/** An expected number of people: whole people; "fewer than 1" rather than 0.3 of a person. */
export function formatPeople(x: number): string {
  if (!Number.isFinite(x)) return "—";
  if (x > 0 && x < 0.5) return "fewer than 1";
  return whole.format(Math.round(x));
}

/** A rate (per 1,000 attendees, a multiplier): two significant digits, 0.029 not 0.0285786…. */
export function formatRate(x: number): string {
  return Number.isFinite(x) ? twoDigits.format(x) : "—";
}

/** "in 5 h", "in 3 days", or "now" once the time has come (never a past time as ahead). */
export function fromNow(ts: Date | string | number, now: number): string {
  const ms = new Date(ts).getTime() - now;
  if (ms <= 0) return "now";
  const h = Math.ceil(ms / HOUR);
  return h < 48 ? `in ${h} h` : `in ${Math.round(h / 24)} days`;
}

/**
 * When an action is due, read now: "by Mon 16:00 GMT (in 3 h)", or "now (was due Mon 12:00 GMT)"
 * once its time has passed, so a deadline already gone is never shown as still ahead.
 */
export function dueText(due: Date | string, now: number, timeZone: string): string {
  const at = formatHour(due, timeZone);
  return new Date(due).getTime() <= now ? `now (was due ${at})` : `by ${at} (${fromNow(due, now)})`;
}

/** Whether an alert's hours are under way, ahead (how soon, read now) or over. */
export function alertTense(
  startsAt: Date | string | null,
  endsAt: Date | string | null,
  now: number,
): string {
  if (!startsAt || !endsAt) return "";
  if (new Date(endsAt).getTime() <= now) return " (over)";
  return new Date(startsAt).getTime() <= now
    ? " (under way)"
    : ` (starts ${fromNow(startsAt, now)})`;
}
