/**
 * Day-level calendar inputs of a hospital: public holidays of its country/region (the maintained
 * `date-holidays` library) and the organisation's own day flags (`calendar.csv` in the `--data`
 * layout: `date` plus one column per flag, e.g. `publicHoliday, schoolHoliday, festiveDay`).
 * The result is a set of hourly 0/1 series on the training or forecasting grid, keyed by flag
 * name, that ml/features.ts turns into features. Server and trainer only: the browser receives the
 * series already built (ml/what_if_inputs.ts), so it never loads the holiday tables.
 */
import Holidays from "date-holidays";
import { HOUR_MS } from "./feature_inputs.ts";

import { type DayFlags, ORG_PREFIX, PUBLIC_HOLIDAY, SCHOOL_HOLIDAY } from "./calendar_flags.ts";

export { type DayFlags, ORG_PREFIX, PUBLIC_HOLIDAY, SCHOOL_HOLIDAY };

/** One organisation calendar row: a local date (YYYY-MM-DD) and its flags (names as given). */
export interface CalendarDay {
  date: string;
  flags: Record<string, boolean>;
}

/**
 * IANA zones → ISO country for the zones a hospital is most likely in. A zone not listed gets no
 * library holidays (its organisation's calendar.csv still works); extend the table as needed.
 */
const ZONE_COUNTRY: Record<string, string> = {
  "Europe/London": "GB",
  "Europe/Dublin": "IE",
  "Europe/Berlin": "DE",
  "Europe/Paris": "FR",
  "Europe/Madrid": "ES",
  "Europe/Rome": "IT",
  "Europe/Amsterdam": "NL",
  "Europe/Brussels": "BE",
  "Europe/Vienna": "AT",
  "Europe/Zurich": "CH",
  "Europe/Stockholm": "SE",
  "Europe/Oslo": "NO",
  "Europe/Copenhagen": "DK",
  "Europe/Helsinki": "FI",
  "Europe/Lisbon": "PT",
  "Europe/Warsaw": "PL",
  "Europe/Prague": "CZ",
  "Australia/Sydney": "AU",
  "Australia/Melbourne": "AU",
  "Australia/Brisbane": "AU",
  "Australia/Perth": "AU",
  "Australia/Adelaide": "AU",
  "Pacific/Auckland": "NZ",
  "America/Toronto": "CA",
  "America/Vancouver": "CA",
  "America/Montreal": "CA",
};

/** Country (and region where it changes the holidays) of a hospital; null when unknown. */
export function holidayRegion(
  h: { timezone: string; lat: number; lon: number },
): { country: string; region?: string } | null {
  const tz = h.timezone;
  if (/^America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Detroit)$/.test(tz)) {
    return { country: "US" };
  }
  if (tz === "Pacific/Honolulu") return { country: "US", region: "HI" };
  const country = ZONE_COUNTRY[tz];
  if (!country) return null;
  if (country === "GB") {
    // Bank holidays differ between England & Wales, Scotland and Northern Ireland; the zone is
    // the same, so the coordinates decide (rough boxes, good enough for hospitals).
    if (h.lon < -5.4 && h.lat > 54 && h.lat < 55.4) return { country, region: "NIR" };
    if (h.lat > 55.8 || (h.lat > 55 && h.lon < -2.1)) return { country, region: "SCT" };
    return { country, region: h.lon < -2.65 && h.lat > 51.3 && h.lat < 53.5 ? "WLS" : "ENG" };
  }
  return { country };
}

const holidayCache = new Map<string, Set<string>>();

/** Local dates (YYYY-MM-DD) of public/bank holidays of a region in the given years. */
export function publicHolidayDates(
  region: { country: string; region?: string },
  years: number[],
): Set<string> {
  const key = `${region.country}/${region.region ?? ""}/${years.join(",")}`;
  let dates = holidayCache.get(key);
  if (dates) return dates;
  dates = new Set();
  const hd = region.region
    ? new Holidays(region.country, region.region)
    : new Holidays(region.country);
  for (const y of years) {
    for (const d of hd.getHolidays(y) || []) {
      if (d.type === "public" || d.type === "bank") dates.add(d.date.slice(0, 10));
    }
  }
  holidayCache.set(key, dates);
  return dates;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD) of every hour of the grid, in the time zone. */
export function localDates(timezone: string, start: number, hours: number): string[] {
  let f = dateFormats.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-CA", {
        timeZone: timezone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
    } catch {
      f = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC" });
    }
    dateFormats.set(timezone, f);
  }
  const out = new Array<string>(hours);
  for (let i = 0; i < hours; i++) out[i] = f.format(new Date(start + i * HOUR_MS));
  return out;
}

/** Name of the flag a calendar.csv column becomes. */
export function flagName(column: string): string {
  if (/^public_?holiday$/i.test(column)) return PUBLIC_HOLIDAY;
  if (/^school_?holiday$/i.test(column)) return SCHOOL_HOLIDAY;
  return ORG_PREFIX + column;
}

/**
 * Hourly flags of one hospital over [start, start + hours): public holidays of its region from
 * the library, OR-ed with the organisation's calendar (which also adds its own flags).
 */
export function dayFlags(
  hospital: { timezone: string; lat: number; lon: number },
  start: number,
  hours: number,
  calendar: readonly CalendarDay[] = [],
): DayFlags {
  const dates = localDates(hospital.timezone, start, hours);
  const flags: DayFlags = { [PUBLIC_HOLIDAY]: new Uint8Array(hours) };
  const region = holidayRegion(hospital);
  if (region && hours > 0) {
    const first = Number(dates[0].slice(0, 4)), last = Number(dates[hours - 1].slice(0, 4));
    const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const holidays = publicHolidayDates(region, years);
    for (let i = 0; i < hours; i++) if (holidays.has(dates[i])) flags[PUBLIC_HOLIDAY][i] = 1;
  }
  if (calendar.length) {
    const byDate = new Map(calendar.map((d) => [d.date, d.flags]));
    const names = new Set(calendar.flatMap((d) => Object.keys(d.flags)));
    for (const column of names) {
      const name = flagName(column);
      const series = flags[name] ??= new Uint8Array(hours);
      for (let i = 0; i < hours; i++) if (byDate.get(dates[i])?.[column]) series[i] = 1;
    }
  }
  return flags;
}
