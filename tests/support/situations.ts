/** Hand-made organisation situations (services/situation.ts) for alert and webhook tests. */
import type { OrgSituation } from "../../services/situation.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { readinessOf } from "../../domain/readiness.ts";
import type { Hospital } from "../../models/hospitals.ts";

const HOUR = 3_600_000;

/** A situation where the hospital's heat index reaches 42 °C in six hours. */
export function hotSituation(
  orgId: string,
  hospital: Hospital,
  now: Date,
  heat = 42,
): OrgSituation {
  const from = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const hours = Array.from({ length: 72 }, (_, i) => new Date(from.getTime() + i * HOUR));
  return {
    orgId,
    now,
    from,
    to: new Date(from.getTime() + 72 * HOUR),
    settings: DEFAULT_SETTINGS,
    timezone: hospital.timezone,
    hospitals: [{
      hospital,
      forecastIssuedAt: null,
      modelVersion: null,
      forecast: [],
      census: [],
      censusModel: null,
      readiness: readinessOf([], hospital.edBeds, DEFAULT_SETTINGS),
      environment: hours.map((ts, i) => ({
        ts,
        heatIndexC: i >= 6 && i < 12 ? heat : 25,
        aqi: 40,
        pm25: 8,
      })),
    }],
    events: [],
  };
}
