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
  /** Sat 06:00 PM PDT */
  weekdayTime: { weekday: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
  /** Apr 12, 6 PM */
  hour: { month: "short", day: "numeric", hour: "numeric" },
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
