/**
 * One hospital's census forecast as the product states it: which stay was used (the setting or
 * the hospital's own by Little's law), which occupancy, and what is assumed when none was
 * reported. Pure: the server (services/readiness.ts) and the browser's what-if call it with the
 * same inputs.
 */
import { type CensusPoint, forecastCensus, littleLawStay } from "./census.ts";
import type { OrgSettings } from "./settings.ts";
import { formatTime } from "./time_format.ts";

/** Observations before the forecast origin (models/observations.ts censusHistory, as JSON). */
export interface CensusHistoryInput {
  occupancy: number | null;
  /** Hour of that occupancy (ms or ISO). */
  occupancyAt: number | string | null;
  /** Hourly arrivals before origin, oldest first, null where unknown. */
  arrivals: (number | null)[];
  paired: { hours: number; meanOccupancy: number; meanArrivals: number };
}

/** How the census was computed, for the API, the page and every recommendation's evidence. */
export interface CensusModel {
  method: string;
  occupancy: number | null;
  occupancyAt: string | null;
  assumption: string;
  lengthOfStayHours: number;
  lengthOfStayCv: number;
  lengthOfStaySource: "setting" | "history";
  /** Hours with both occupancy and arrivals behind a history estimate. */
  pairedHours: number;
}

export const CENSUS_METHOD = "M_t/G/∞: patients present now × residual-stay probability " +
  "(binomial) + forecast arrivals × lognormal stay survival (Poisson, negative binomial with " +
  "the forecast's spread beyond Poisson); p10/p50/p90 of their sum";

/** The census of every forecast hour and the statement of how it was made. */
export function hospitalCensus(
  input: {
    settings: OrgSettings;
    history: CensusHistoryInput;
    /** First forecast hour (ms). */
    origin: number;
    /** Forecast arrivals per hour; `mean` (expected arrivals) is the census's rate. */
    points: { p10: number; p50: number; p90: number; mean?: number | null }[];
    timezone: string;
  },
): { census: CensusPoint[]; model: CensusModel } {
  const { settings: s, history: h } = input;
  const own = s.estimateLengthOfStay ? littleLawStay(h.paired) : null;
  const los = { meanHours: own ?? s.lengthOfStayHours, cv: s.lengthOfStayCv };
  const occupancyAt = h.occupancyAt === null ? null : new Date(h.occupancyAt).getTime();
  const census = forecastCensus({
    los,
    origin: input.origin,
    forecast: input.points,
    occupancy: h.occupancy,
    occupancyAt,
    history: h.arrivals.map((v) => v ?? NaN),
  });
  const stay = own !== null
    ? `patients stay ${own} h on average, measured from this hospital's own ` +
      `${h.paired.hours} h of occupancy and arrivals`
    : `patients stay ${s.lengthOfStayHours} h on average (organisation setting)`;
  return {
    census,
    model: {
      method: CENSUS_METHOD,
      occupancy: h.occupancy,
      occupancyAt: occupancyAt === null ? null : new Date(occupancyAt).toISOString(),
      assumption: h.occupancy !== null && occupancyAt !== null
        ? `${h.occupancy} patients reported in the ED at ${
          formatTime(occupancyAt, input.timezone)
        }; ${stay}.`
        : `No ED occupancy reported in the 24 h before the forecast: the patients present are ` +
          `estimated from the reported arrivals of the last ${h.arrivals.length} h (missing ` +
          `hours at their average rate: patients present ≈ arrivals per hour × hours of stay); ` +
          `${stay}.`,
      lengthOfStayHours: los.meanHours,
      lengthOfStayCv: los.cv,
      lengthOfStaySource: own !== null ? "history" : "setting",
      pairedHours: h.paired.hours,
    },
  };
}
