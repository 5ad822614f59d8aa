/** The demo region as a training dataset, simulated in memory (`deno task train --simulate`, tests). */
import { gridCell, gridKey } from "../domain/grid.ts";
import type { Dataset } from "../ml/dataset.ts";
import { HOUR_MS } from "../ml/feature_inputs.ts";
import { DEMO_HOSPITALS, demoEvents } from "./region.ts";
import { simulateArrivals, simulateEnvironment } from "./simulator.ts";

/** The demo region simulated over `days` days ending at `end` (no database); `events: false`
 * simulates it without any event (the forecaster must then not invent event effects). */
export function simulatedDataset(
  days: number,
  seed: number,
  end: Date,
  opts: { events?: boolean } = {},
): Dataset {
  const to = Math.floor(end.getTime() / HOUR_MS) * HOUR_MS;
  const start = to - days * 24 * HOUR_MS;
  const hours = days * 24;
  const locations = DEMO_HOSPITALS.map((h) => ({
    ...gridCell(h.lat, h.lon),
    elevationM: h.elevationM,
  }));
  const env = simulateEnvironment(locations, new Date(start), new Date(to), seed);
  const byHospital = new Map(DEMO_HOSPITALS.map((h) => [h.code, env.get(gridKey(h.lat, h.lon))!]));
  const events = opts.events === false
    ? []
    : demoEvents(end).filter((e) => e.endsAt.getTime() <= to);
  const arrivals = simulateArrivals(
    DEMO_HOSPITALS,
    events,
    byHospital,
    new Date(start),
    new Date(to),
    seed,
  );
  return {
    start,
    hours,
    hospitals: DEMO_HOSPITALS.map((h) => {
      const e = byHospital.get(h.code)!;
      return {
        id: h.code,
        org: "demo",
        name: h.name,
        lat: h.lat,
        lon: h.lon,
        edBeds: h.edBeds,
        timezone: h.timezone,
        arrivals: Float64Array.from(arrivals.get(h.code)!, (r) => r.edArrivals),
        temperatureC: Float64Array.from(e, (r) => r.temperatureC),
        relativeHumidity: Float64Array.from(e, (r) => r.relativeHumidity),
        pm25: Float64Array.from(e, (r) => r.pm25),
        ozone: Float64Array.from(e, (r) => r.ozone),
      };
    }),
    events: events.map((e) => ({ ...e, org: "demo" })),
  };
}
