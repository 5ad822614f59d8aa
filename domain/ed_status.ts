/**
 * The live ED status of a hospital from its recent hourly observations: for each field the latest
 * value reported (a feed may send diversion one hour and boarders the next), NEDOCS from it, and
 * the readiness words a status board shows — never "open" while the ED reports diversion.
 * Pure: no I/O.
 */
import { levelLabels, type Readiness } from "./readiness.ts";
import { nedocsInputs, type NedocsNow, nedocsWithProjection } from "./nedocs.ts";

/** How far back a reported status still counts (older reports are not the ED's state now). */
export const ED_STATUS_LOOKBACK_HOURS = 24;

/** One stored hour as the status reads it. */
export interface StatusHour {
  ts: Date;
  edOccupancy: number | null;
  bedsAvailable: number | null;
  ambulanceArrivals: number | null;
  boarders: number | null;
  waitingRoom: number | null;
  ventilated: number | null;
  longestBoardingHours: number | null;
  lastBedWaitHours: number | null;
  diversion: boolean | null;
  diversionReason: string | null;
}

type Field = Exclude<keyof StatusHour, "ts" | "ambulanceArrivals" | "diversionReason">;

/** A value and the hour it was reported for. */
export interface Reported<T> {
  value: T;
  at: string;
}

export interface EdStatus {
  edOccupancy: Reported<number> | null;
  bedsAvailable: Reported<number> | null;
  boarders: Reported<number> | null;
  waitingRoom: Reported<number> | null;
  ventilated: Reported<number> | null;
  longestBoardingHours: Reported<number> | null;
  lastBedWaitHours: Reported<number> | null;
  /** Diversion with its reason (the reason of the same report). */
  diversion: (Reported<boolean> & { reason: string | null }) | null;
  /** Ambulance arrivals over the lookback and in the latest hour that reported them. */
  ambulance: { last24h: number; hours: number; latest: Reported<number> | null };
  /** The newest hour that reported any of these. */
  at: string | null;
}

const fields: Field[] = [
  "edOccupancy",
  "bedsAvailable",
  "boarders",
  "waitingRoom",
  "ventilated",
  "longestBoardingHours",
  "lastBedWaitHours",
  "diversion",
];

/** Latest reported value per field over hours (any order); null where never reported. */
export function latestEdStatus(hours: StatusHour[]): EdStatus {
  const sorted = [...hours].sort((a, b) => b.ts.getTime() - a.ts.getTime());
  const pick = <K extends Field>(k: K) => {
    const h = sorted.find((r) => r[k] !== null && r[k] !== undefined);
    return h
      ? { value: h[k] as NonNullable<StatusHour[K]>, at: h.ts.toISOString(), hour: h }
      : null;
  };
  const out = {} as Record<Field, Reported<unknown> | null>;
  let at: string | null = null;
  for (const k of fields) {
    const p = pick(k);
    out[k] = p && { value: p.value, at: p.at };
    if (p && (at === null || p.at > at)) at = p.at;
  }
  const d = pick("diversion");
  const amb = sorted.filter((h) => h.ambulanceArrivals !== null);
  return {
    ...(out as Omit<EdStatus, "diversion" | "ambulance" | "at">),
    diversion: d && { value: d.value, at: d.at, reason: d.value ? d.hour.diversionReason : null },
    ambulance: {
      last24h: amb.reduce((s, h) => s + (h.ambulanceArrivals ?? 0), 0),
      hours: amb.length,
      latest: amb[0] ? { value: amb[0].ambulanceArrivals!, at: amb[0].ts.toISOString() } : null,
    },
    at,
  };
}

/** True when the latest report says the ED is on diversion. */
export const onDiversion = (s: EdStatus | null | undefined): boolean =>
  s?.diversion?.value === true;

/**
 * The readiness words for a level and the reported status: a reported diversion replaces
 * whatever the forecast says (the board must never call a diverting ED open).
 */
export function readinessWords(level: Readiness, status?: EdStatus | null): string {
  if (onDiversion(status)) return "on diversion (reported by the ED)";
  return levelLabels[level];
}

/**
 * NEDOCS now (from the latest reported values and the hospital's beds) and over the census
 * forecast; null with the missing inputs' names when something is not reported.
 */
export function nedocsOf(
  h: { edBeds: number; inpatientBeds: number | null },
  s: EdStatus,
  census: { ts: string; p50: number; mean?: number }[],
): { nedocs: NedocsNow | null; missing: string[] } {
  const r = nedocsInputs({
    patientsInEd: s.edOccupancy?.value,
    edBeds: h.edBeds,
    boarders: s.boarders?.value,
    inpatientBeds: h.inpatientBeds,
    ventilated: s.ventilated?.value,
    longestBoardingHours: s.longestBoardingHours?.value,
    lastBedWaitHours: s.lastBedWaitHours?.value,
  });
  if ("missing" in r) return { nedocs: null, missing: r.missing };
  // The score is as of the newest of its reported inputs.
  const at = [s.edOccupancy, s.boarders, s.ventilated, s.longestBoardingHours, s.lastBedWaitHours]
    .map((x) => x!.at).sort().at(-1)!;
  const future = census.filter((c) => c.ts > at);
  return { nedocs: nedocsWithProjection(r.inputs, at, future), missing: [] };
}
