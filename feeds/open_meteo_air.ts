/**
 * Open-Meteo air-quality API (DOMAIN.md): hourly PM2.5, PM10, ozone (all µg/m³) and its own
 * us_aqi. Its us_aqi is a 24 h rolling average that disagrees with AirNow during smoke events,
 * so it is kept as `aqi_reported` and FestSafe's own NowCast-based `aqi` is derived beside it.
 */
import { openMeteoUrl, readOpenMeteoHourly } from "./open_meteo.ts";
import type { FeedAdapter, Metric } from "./types.ts";

const variables: Record<string, Metric> = {
  pm2_5: "pm25",
  pm10: "pm10",
  ozone: "ozone",
  us_aqi: "aqi_reported",
};

export const openMeteoAir: FeedAdapter = {
  name: "open_meteo_air",
  offReason: () => null,
  minIntervalMs: 150,
  async pull(location, ctx) {
    const url = openMeteoUrl(
      ctx.config.OPEN_METEO_AIR_URL!,
      "v1/air-quality",
      location,
      Object.keys(variables),
      // The air-quality API forecasts at most 7 days ahead.
      { pastDays: ctx.pastDays, forecastDays: Math.min(ctx.forecastDays, 7) },
    );
    const data = await ctx.client.getJson(url, { signal: ctx.signal });
    return readOpenMeteoHourly("open_meteo_air", data, variables, location);
  },
};
