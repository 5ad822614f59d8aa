/**
 * Data freshness: a hospital whose latest reported hour is older than the organisation's
 * `dataStaleHours` has no current readiness. Its census would be built on an occupancy and
 * arrivals that no longer describe the department, so every screen and the API say "unknown —
 * data stopped <time>" instead of a level or a figure. Pure: the pages, the API, the plans and
 * the alerts all call it with the same inputs.
 */
import { formatHour } from "./time_format.ts";

const HOUR = 3_600_000;

export interface DataFreshness {
  /** End of the latest reported hour (ISO), null when the hospital never reported. */
  dataAt: string | null;
  /** Hours from the end of that hour to now (one decimal), null when never reported. */
  dataAgeHours: number | null;
  /** Older than the setting, or never reported. */
  stale: boolean;
}

/**
 * How fresh a hospital's data is. `latestTs` is the start of its newest observation hour (hour
 * stamps mark the start, DOMAIN.md), so the data runs to one hour later; an hour stamped in the
 * future (allowed up to a day ahead) counts as age 0.
 */
export function dataFreshness(
  latestTs: Date | string | number | null,
  now: Date,
  staleHours: number,
): DataFreshness {
  if (latestTs === null) return { dataAt: null, dataAgeHours: null, stale: true };
  const end = new Date(latestTs).getTime() + HOUR;
  const age = Math.max(0, (now.getTime() - end) / HOUR);
  return {
    dataAt: new Date(end).toISOString(),
    dataAgeHours: Math.round(age * 10) / 10,
    stale: age > staleHours,
  };
}

/** "data stopped Mon 14:00 PDT" (in the hospital's zone), or "no data reported yet". */
export function dataStoppedWords(dataAt: string | null, timeZone: string): string {
  return dataAt ? `data stopped ${formatHour(dataAt, timeZone)}` : "no data reported yet";
}

/** Rounded age for people: "30 h ago", "3 days ago". */
export function dataAgeWords(hours: number | null): string {
  if (hours === null) return "never";
  if (hours < 48) return `${Math.round(hours)} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** The full words of an unknown level: "unknown — data stopped Mon 14:00 PDT (30 h ago)". */
export function unknownLevelWords(f: DataFreshness, timeZone: string): string {
  if (!f.stale) return "unknown — no forecast";
  const age = f.dataAgeHours === null ? "" : ` (${dataAgeWords(f.dataAgeHours)})`;
  return `unknown — ${dataStoppedWords(f.dataAt, timeZone)}${age}`;
}

/** A number fit to show: finite and not negative, else null (shown as "—"). */
export function shownFigure(v: number | null | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : null;
}
