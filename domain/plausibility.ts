/**
 * Plausibility of an uploaded hour against the hospital it is filed under. A count can be a
 * valid number and still impossible for that hospital (10,000 patients in a 20-bed ED): such a
 * row would drive the census, the level and the training data. The bounds are deliberately wide
 * — they catch unit and column mistakes, never a genuinely busy hour or a mass-casualty surge.
 * Pure: services/ingest/observations.ts applies it to every row.
 */

/** The bounds, each with its reason (uncertain, set wide on purpose). */
export const PLAUSIBILITY = {
  /**
   * Patients present (or beds reported available) at most this many times the staffed ED beds:
   * corridors, chairs and boarders can double or triple an ED's census in a surge; five times
   * is beyond any report (assumed).
   */
  perBedShare: 5,
  /** A floor for tiny posts (a 1-bed post may hold a few patients on chairs): assumed. */
  minPresent: 20,
  /**
   * Arrivals in one hour at most this many times the hospital's usual peak hour (the 99th
   * percentile of its stored hourly arrivals): a mass-casualty incident brings a few times the
   * busiest hour, not twenty (assumed).
   */
  perUsualPeak: 20,
  /** Stored hours needed before the usual peak is trusted (one week). */
  minHistoryHours: 168,
  /** Without such history: arrivals at most this many per staffed bed in an hour (assumed)… */
  noHistoryPerBed: 20,
  /** …and never fewer than this (a 1-bed post with no history). */
  noHistoryMinArrivals: 100,
} as const;

/** What the check needs to know of a hospital. */
export interface PlausibilityTarget {
  edBeds: number;
  /** 99th percentile of stored hourly arrivals, null without minHistoryHours of them. */
  usualPeakArrivals: number | null;
}

export interface Implausible {
  field: "edArrivals" | "ambulanceArrivals" | "edOccupancy" | "bedsAvailable";
  message: string;
}

/** The most patients present (or beds available) a hospital can report. */
export function presentLimit(edBeds: number): number {
  return Math.max(PLAUSIBILITY.minPresent, Math.ceil(PLAUSIBILITY.perBedShare * edBeds));
}

/** The most arrivals in one hour a hospital can report, and what the bound rests on. */
export function arrivalsLimit(t: PlausibilityTarget): { limit: number; basis: string } {
  if (t.usualPeakArrivals !== null) {
    const peak = Math.max(1, t.usualPeakArrivals);
    return {
      limit: Math.ceil(PLAUSIBILITY.perUsualPeak * peak),
      basis: `${PLAUSIBILITY.perUsualPeak} × its usual peak hour (${
        Math.round(peak * 10) / 10
      } arrivals)`,
    };
  }
  return {
    limit: Math.max(PLAUSIBILITY.noHistoryMinArrivals, PLAUSIBILITY.noHistoryPerBed * t.edBeds),
    basis: `${PLAUSIBILITY.noHistoryPerBed} per staffed bed (no week of history yet)`,
  };
}

/** The fields of one hourly row that this hospital cannot report; empty when plausible. */
export function implausibleFields(
  row: {
    edArrivals: number;
    ambulanceArrivals?: number | null;
    edOccupancy?: number | null;
    bedsAvailable?: number | null;
  },
  t: PlausibilityTarget,
): Implausible[] {
  const out: Implausible[] = [];
  const present = presentLimit(t.edBeds);
  const arrivals = arrivalsLimit(t);
  const beds = `${t.edBeds} staffed ED bed${t.edBeds === 1 ? "" : "s"}`;
  const check = (
    field: Implausible["field"],
    v: number | null | undefined,
    limit: number,
    why: string,
  ) => {
    if (typeof v === "number" && v > limit) {
      out.push({
        field,
        message: `${v} is not plausible for this hospital (at most ${limit}: ${why}); check ` +
          `the column and the hospital's staffed beds`,
      });
    }
  };
  check("edArrivals", row.edArrivals, arrivals.limit, arrivals.basis);
  check("ambulanceArrivals", row.ambulanceArrivals, arrivals.limit, arrivals.basis);
  check("edOccupancy", row.edOccupancy, present, `${PLAUSIBILITY.perBedShare} × ${beds}`);
  check("bedsAvailable", row.bedsAvailable, present, `${PLAUSIBILITY.perBedShare} × ${beds}`);
  return out;
}
