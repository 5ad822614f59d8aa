/**
 * Names of the hourly day-flag series (ml/calendar.ts builds them on the server; the browser gets
 * them built). Kept apart from ml/calendar.ts so that ml/features.ts never loads holiday tables.
 */

/** Hourly 0/1 series by flag name. */
export type DayFlags = Record<string, Uint8Array>;

/** Public holiday (the `date-holidays` library for the region, or the organisation's calendar). */
export const PUBLIC_HOLIDAY = "public_holiday";
/** School holiday (the organisation's calendar; the library has none for most countries). */
export const SCHOOL_HOLIDAY = "school_holiday";
/** Prefix of the organisation's other flags: `org_festiveDay`, `org_rugbyInCardiff`, … */
export const ORG_PREFIX = "org_";
