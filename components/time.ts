/**
 * Shared, cached formatters for pages and islands. Building an `Intl.DateTimeFormat` costs far
 * more than using one (it was most of the overview's render time when EventList, PlanList and
 * the hospital and event pages called `toLocaleString` per value), so each (style, time zone)
 * pair is built once and kept. Times carry the zone's abbreviation (CONTRACT.md "Pages").
 */

const styles = {
  /** Apr 12, 2025, 6:00 PM PDT */
  medium: { dateStyle: "medium", timeStyle: "short" },
  /** Saturday, April 12, 2025 at 6:00 PM PDT */
  full: { dateStyle: "full", timeStyle: "short" },
  /** Sat, 06:00 PM PDT */
  weekdayTime: { weekday: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
  /** Apr 12, 6 PM */
  hour: { month: "short", day: "numeric", hour: "numeric" },
  /** Sat 6 PM */
  weekdayHour: { weekday: "short", hour: "numeric" },
  /** 2025-04-12 (ISO-like day for tables and file names) */
  day: { year: "numeric", month: "2-digit", day: "2-digit" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeStyle = keyof typeof styles;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The cached formatter of a style in a time zone (an IANA name; "UTC" by default). */
export function dateTimeFormat(style: TimeStyle, timeZone = "UTC"): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { ...styles[style], timeZone };
    // dateStyle/timeStyle cannot be combined with timeZoneName: the abbreviation is appended.
    f = new Intl.DateTimeFormat("en-US", options);
    formats.set(key, f);
  }
  return f;
}

const zoneNames = new Map<string, Intl.DateTimeFormat>();

/** The zone's abbreviation at an instant ("PDT", "GMT+1"). */
export function zoneAbbreviation(at: Date, timeZone = "UTC"): string {
  let f = zoneNames.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" });
    zoneNames.set(timeZone, f);
  }
  return f.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** An instant in a zone, with the zone's abbreviation unless the style is date-only. */
export function formatTime(
  at: Date | string | number,
  timeZone = "UTC",
  style: TimeStyle = "medium",
): string {
  const d = at instanceof Date ? at : new Date(at);
  const text = dateTimeFormat(style, timeZone).format(d);
  return style === "medium" || style === "full" ? `${text} ${zoneAbbreviation(d, timeZone)}` : text;
}

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
