/**
 * Values FestSafe computes itself from raw readings (DOMAIN.md): the NWS heat index from
 * temperature and humidity (never Open-Meteo's apparent temperature) and the US AQI from
 * concentrations with the 2024 table, PM by NowCast where the hourly data allow. Each derived
 * reading names its formula and inputs in derived_from.
 */
import { computeHeatIndexC } from "../domain/heat_index.ts";
import { overallUsAqi, ozoneUgm3ToPpb } from "../domain/aqi.ts";
import { eightHourMeanAt, type HourlySeries, nowcastAt } from "../domain/nowcast.ts";
import type { Metric, Reading } from "./types.ts";

const inputs = ["temperature_c", "relative_humidity", "pm25", "pm10", "ozone"] as const;

interface Group {
  first: Reading;
  series: Record<(typeof inputs)[number], HourlySeries>;
}

function groupBySeries(raw: Reading[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of raw) {
    if (!(inputs as readonly string[]).includes(r.metric)) continue;
    const id = `${r.source}\u0000${r.locationKey}`;
    let g = groups.get(id);
    if (!g) {
      g = {
        first: r,
        series: Object.fromEntries(inputs.map((m) => [m, new Map()])) as Group["series"],
      };
      groups.set(id, g);
    }
    g.series[r.metric as (typeof inputs)[number]].set(r.ts.getTime(), r.value);
  }
  return [...groups.values()];
}

export interface DeriveOptions {
  /**
   * Hours at the start of each series for which no AQI is emitted, because the NowCast there
   * lacks its 12 hours of history. Feeds pull overlapping windows, so the next run fills them
   * with a complete value; without this a later run would overwrite a good value with a worse
   * one. Ignored when a series is shorter than the warm-up (a single latest value).
   */
  warmupHours?: number;
}

/** Heat index and AQI readings derived from the raw readings given (any sources and places). */
export function deriveReadings(raw: Reading[], opts: DeriveOptions = {}): Reading[] {
  const out: Reading[] = [];
  const warmup = (opts.warmupHours ?? 0) * 3_600_000;
  for (const { first, series } of groupBySeries(raw)) {
    const make = (ts: number, metric: Metric, value: number, derivedFrom: string): Reading => ({
      source: first.source,
      locationKey: first.locationKey,
      lat: first.lat,
      lon: first.lon,
      orgId: first.orgId ?? null,
      ts: new Date(ts),
      metric,
      value,
      derivedFrom,
    });
    for (const [ts, t] of series.temperature_c) {
      const rh = series.relative_humidity.get(ts);
      if (rh === undefined) continue;
      out.push(
        make(
          ts,
          "heat_index_c",
          round2(computeHeatIndexC(t, rh)),
          "nws_heat_index(temperature_c,relative_humidity)",
        ),
      );
    }
    const hours = [
      ...new Set([...series.pm25.keys(), ...series.pm10.keys(), ...series.ozone.keys()]),
    ]
      .sort((a, b) => a - b);
    const span = hours.length ? hours[hours.length - 1] - hours[0] : 0;
    const from = warmup && span >= warmup ? hours[0] + warmup : -Infinity;
    for (const ts of hours) {
      if (ts < from) continue;
      const used: string[] = [];
      const parts: { pm25?: number; pm10?: number; ozonePpb8h?: number } = {};
      const pm25Now = nowcastAt(series.pm25, ts);
      if (pm25Now !== null) {
        parts.pm25 = pm25Now;
        used.push("pm25_nowcast");
        out.push(make(ts, "pm25_nowcast", round2(pm25Now), "epa_nowcast(pm25)"));
      } else if (series.pm25.has(ts)) {
        parts.pm25 = series.pm25.get(ts)!;
        used.push("pm25_1h");
      }
      const pm10Now = nowcastAt(series.pm10, ts);
      if (pm10Now !== null) {
        parts.pm10 = pm10Now;
        used.push("pm10_nowcast");
      } else if (series.pm10.has(ts)) {
        parts.pm10 = series.pm10.get(ts)!;
        used.push("pm10_1h");
      }
      const o3 = eightHourMeanAt(series.ozone, ts);
      if (o3 !== null) {
        parts.ozonePpb8h = ozoneUgm3ToPpb(o3);
        used.push("ozone_8h");
      } else if (series.ozone.has(ts)) {
        // Only one hour known: the 8-hour table applied to it is an approximation, and says so.
        parts.ozonePpb8h = ozoneUgm3ToPpb(series.ozone.get(ts)!);
        used.push("ozone_1h");
      }
      const aqi = overallUsAqi(parts);
      if (aqi !== null) out.push(make(ts, "aqi", aqi, `epa_aqi_2024(${used.join(",")})`));
    }
  }
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
