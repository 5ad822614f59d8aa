/**
 * The one way FestSafe shows a time: in the hospital's (or organisation's) time zone, 24-hour,
 * with the zone's abbreviation — "Fri 10 Jul, 14:00 PDT". Pages, plans, alerts, charts and the
 * browser's what-if all use these functions. Intl formatters are built once per zone and kept
 * (building one costs far more than formatting with it).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, f = make());
  return f;
}

const part = (parts: Intl.DateTimeFormatPart[], type: string) =>
  parts.find((p) => p.type === type)?.value ?? "";

/**
 * Locales whose short zone names are words for different regions (en-US: PDT; en-GB: BST, CEST;
 * en-AU: AEST; en-IN: IST). The first that names a zone with letters wins; else "GMT+10".
 */
const ABBREVIATION_LOCALES = ["en-US", "en-GB", "en-AU", "en-IN", "en-NZ", "en-CA"];
const abbreviationLocale = new Map<string, string>();

function zoneNameFormatter(timeZone: string): Intl.DateTimeFormat {
  let locale = abbreviationLocale.get(timeZone);
  if (!locale) {
    const probes = [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)];
    locale = ABBREVIATION_LOCALES.find((l) => {
      const f = new Intl.DateTimeFormat(l, { timeZone, timeZoneName: "short" });
      return probes.every((t) => /^[A-Z]{2,5}$/.test(part(f.formatToParts(t), "timeZoneName")));
    }) ?? "en-GB";
    abbreviationLocale.set(timeZone, locale);
  }
  return formatter(
    `zone:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }),
  );
}

/** The zone's abbreviation at that instant: "PDT", "CEST", "UTC", "GMT+10". */
export function zoneAbbreviation(ts: Date | number | string, timeZone: string): string {
  return part(zoneNameFormatter(timeZone).formatToParts(new Date(ts)), "timeZoneName");
}

function partsOf(ts: Date | number | string, timeZone: string) {
  const f = formatter(`parts:${timeZone}`, () =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }));
  const p = f.formatToParts(new Date(ts));
  return {
    weekday: part(p, "weekday"),
    day: part(p, "day"),
    month: part(p, "month"),
    year: part(p, "year"),
    time: `${part(p, "hour")}:${part(p, "minute")}`,
  };
}

/** "Fri 10 Jul, 14:00 PDT". */
export function formatTime(ts: Date | number | string, timeZone: string): string {
  const p = partsOf(ts, timeZone);
  return `${p.weekday} ${p.day} ${p.month}, ${p.time} ${zoneAbbreviation(ts, timeZone)}`;
}

/** "Fri 10 Jul 2026, 14:00 PDT": for dates that may be in another year. */
export function formatDateTime(ts: Date | number | string, timeZone: string): string {
  const p = partsOf(ts, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.time} ${zoneAbbreviation(ts, timeZone)}`;
}

/** "Fri 14:00 PDT": compact, for rationales and chart labels within a few days. */
export function formatHour(ts: Date | number | string, timeZone: string): string {
  const p = partsOf(ts, timeZone);
  return `${p.weekday} ${p.time} ${zoneAbbreviation(ts, timeZone)}`;
}

/** "Fri 14:00" without the zone (chart ticks; the axis title names the zone once). */
export function formatTick(ts: Date | number | string, timeZone: string): string {
  const p = partsOf(ts, timeZone);
  return `${p.weekday} ${p.time}`;
}

/** "Fri 14:00–Sat 02:00 PDT" (the zone of the end). */
export function formatSpan(
  from: Date | number | string,
  to: Date | number | string,
  timeZone: string,
): string {
  const a = partsOf(from, timeZone), b = partsOf(to, timeZone);
  const sameDay = a.weekday === b.weekday && a.day === b.day;
  const end = sameDay ? b.time : `${b.weekday} ${b.time}`;
  return `${a.weekday} ${a.time}–${end} ${zoneAbbreviation(to, timeZone)}`;
}

/** The local calendar day "2026-07-10" of an instant (stable keys of daily items). */
export function localDay(ts: Date | number | string, timeZone: string): string {
  return formatter(
    `day:${timeZone}`,
    () => new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }),
  ).format(new Date(ts));
}

/** The local hour 0–23 of an instant. */
export function localHour(ts: Date | number | string, timeZone: string): number {
  const f = formatter(
    `hour:${timeZone}`,
    () => new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }),
  );
  return Number(part(f.formatToParts(new Date(ts)), "hour"));
}

/** Minutes a zone is ahead of UTC at an instant. */
function offsetMinutes(t: number, timeZone: string): number {
  const f = formatter(`offset:${timeZone}`, () =>
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    }));
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute);
  return Math.round((shown - Math.floor(t / 60_000) * 60_000) / 60_000);
}

/** The instant of local midnight starting a calendar day ("2026-07-10") in a zone. */
export function zonedMidnight(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d);
  // Two rounds settle the offset (it may differ between UTC midnight and local midnight).
  let t = wall - offsetMinutes(wall, timeZone) * 60_000;
  t = wall - offsetMinutes(t, timeZone) * 60_000;
  return new Date(t);
}
