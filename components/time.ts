/**
 * Numbers and wall-clock times for pages and forms, with formatters built once and kept:
 * building an `Intl` formatter costs far more than using one (it was most of the overview's
 * render time when pages called `toLocaleString` per value). Instants are shown with
 * domain/time_format.ts, the one time format of the app.
 */

const counts = new Intl.NumberFormat("en-US");

/** A whole number with thousands separators (50,000). */
export const formatCount = (n: number) => counts.format(n);

const partFormats = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a zone (24 h clock). */
function wallParts(at: number, timeZone: string) {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    partFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallParts(at, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(at / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time (`2025-04-12T18:00`, as a datetime-local field sends it) names
 * in a zone; null when the text is not such a time. In the hour skipped by a DST change the
 * time is read with the offset before the change.
 */
export function wallTimeToInstant(local: string, timeZone: string): Date | null {
  const m = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/);
  if (!m) return null;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return new Date(offsetAt(second, timeZone) === offsetAt(first, timeZone) ? second : first);
}

/** An instant as a datetime-local value in a zone (`2025-04-12T18:00`). */
export function instantToWallTime(at: Date | string, timeZone: string): string {
  const w = wallParts(new Date(at).getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}
