/** Shared shapes of the environmental feeds: what an adapter pulls and what the store keeps. */
import type { Config } from "../infra/config.ts";
import type { FeedClient } from "./http.ts";

/** The public feeds FestSafe pulls (also the `source` of their readings). */
export const feedNames = ["open_meteo", "open_meteo_air", "openaq", "airnow"] as const;
export type FeedName = typeof feedNames[number];

/**
 * Metric names stored in environment_readings.metric, with their units. One name per quantity
 * and unit, whatever the source, so that series from different feeds line up.
 */
export const metrics = {
  temperature_c: "°C, 2 m air temperature",
  relative_humidity: "%, 2 m relative humidity",
  apparent_temperature_c: "°C, Steadman apparent temperature (Open-Meteo; not the heat index)",
  precipitation_mm: "mm over the preceding hour",
  wind_speed_kmh: "km/h at 10 m",
  heat_index_c: "°C, NWS heat index computed by FestSafe (domain/heat_index.ts)",
  pm25: "µg/m³, hourly PM2.5",
  pm10: "µg/m³, hourly PM10",
  ozone: "µg/m³, hourly ozone (ppb ≈ µg/m³ / 1.96 at 25 °C)",
  pm25_nowcast: "µg/m³, EPA NowCast of PM2.5 computed by FestSafe",
  aqi: "US AQI computed by FestSafe with the EPA 2024 table (domain/aqi.ts)",
  aqi_reported: "US AQI as the source reports it (Open-Meteo us_aqi, AirNow overall)",
  aqi_pm25_reported: "US AQI for PM2.5 as AirNow reports it",
  aqi_pm10_reported: "US AQI for PM10 as AirNow reports it",
  aqi_ozone_reported: "US AQI for ozone as AirNow reports it",
} as const;
export type Metric = keyof typeof metrics;

/** A place to pull: one 0.1° grid cell shared by every nearby hospital and event. */
export interface FeedLocation {
  /** gridKey() of the cell, e.g. "grid:33.80,-116.50". */
  key: string;
  lat: number;
  lon: number;
  /** What made this cell wanted, e.g. "hospital:<id>" (kept for logs and debugging). */
  sites: string[];
}

/** One value of one metric at one place and hour: the unit of storage. */
export interface Reading {
  source: string;
  locationKey: string;
  lat: number;
  lon: number;
  ts: Date;
  metric: Metric;
  value: number;
  orgId?: string | null;
  /** Set when FestSafe computed the value: the formula and the inputs it used. */
  derivedFrom?: string | null;
}

/** What an adapter gets for one pull. */
export interface PullContext {
  client: FeedClient;
  config: Config;
  now: Date;
  /** Hours of the past and the future asked for (where the service lets us choose). */
  pastDays: number;
  forecastDays: number;
  signal?: AbortSignal;
}

/** One outside service: how to ask it about one place and read its answer into readings. */
export interface FeedAdapter {
  name: FeedName;
  /** Why the feed cannot run with this configuration (no key), or null when it can. */
  offReason(config: Config): string | null;
  /** Spacing between calls that keeps us inside the service's published rate limit. */
  minIntervalMs: number;
  /** Raw readings for one location; throws FeedError when the service fails or answers oddly. */
  pull(location: FeedLocation, ctx: PullContext): Promise<Reading[]>;
}
