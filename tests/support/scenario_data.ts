/**
 * A hand-made ED history for scenario tests: hourly arrivals (Poisson, a documented diurnal
 * profile) and the ED occupancy those arrivals produce with lognormal stays, simulated patient by
 * patient so that Little's law holds as in a real department. Seeded: the same every run.
 */
import { mulberry32 } from "../../demo/simulator.ts";
import { HOURLY_PROFILE } from "../../demo/sim_params.ts";
import { localHour } from "../../domain/time_format.ts";

const HOUR = 3_600_000;

export interface HistoryOptions {
  /** First hour not in the history (the current hour). */
  end: Date;
  days: number;
  meanPerHour: number;
  timeZone: string;
  los: { meanHours: number; cv: number };
  seed: number;
}

export interface HistoryRow {
  ts: Date;
  edArrivals: number;
  edOccupancy: number;
}

function poisson(mean: number, rand: () => number): number {
  const l = Math.exp(-mean);
  let k = 0, p = rand();
  while (p > l) {
    k++;
    p *= rand();
  }
  return k;
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Hourly rows oldest first; occupancy is the census at the start of each hour. */
export function edHistory(o: HistoryOptions): HistoryRow[] {
  const rand = mulberry32(o.seed);
  const s2 = Math.log(1 + o.los.cv ** 2);
  const mu = Math.log(o.los.meanHours) - s2 / 2, sigma = Math.sqrt(s2);
  const end = Math.floor(o.end.getTime() / HOUR) * HOUR;
  const start = end - o.days * 24 * HOUR;
  const warmUp = start - 3 * 24 * HOUR;
  const departures: number[] = [];
  const rows: HistoryRow[] = [];
  for (let t = warmUp; t < end; t += HOUR) {
    const present = departures.filter((d) => d > t).length;
    const n = poisson(o.meanPerHour * HOURLY_PROFILE[localHour(t, o.timeZone)], rand);
    for (let i = 0; i < n; i++) {
      const arrival = t + rand() * HOUR;
      departures.push(arrival + Math.exp(mu + sigma * normal(rand)) * HOUR);
    }
    if (t >= start) rows.push({ ts: new Date(t), edArrivals: n, edOccupancy: present });
    if (departures.length > 5000) departures.splice(0, departures.length - 2000);
  }
  return rows;
}

/** The rows as the CSV POST /api/observations takes. */
export function historyCsv(hospitalId: string, rows: HistoryRow[]): string {
  return "hospitalId,ts,edArrivals,edOccupancy\n" +
    rows.map((r) => `${hospitalId},${r.ts.toISOString()},${r.edArrivals},${r.edOccupancy}`)
      .join("\n") +
    "\n";
}
