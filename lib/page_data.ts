/** Small reads many pages share, cached per organisation for a few seconds. */
import { cachedForOrg } from "../infra/org_cache.ts";
import { type Hospital, listHospitals } from "../models/hospitals.ts";
import { orgTimezone } from "../services/settings.ts";
import type { AppState } from "./define.ts";
import { readForecast } from "../services/forecasts.ts";
import { HttpError } from "../framework/http_error.ts";
import { basemapUrl } from "./basemap.ts";

/** The organisation's hospitals by name (cached like the overview's data). */
export function orgHospitals(state: AppState, orgId: string): Promise<Hospital[]> {
  return cachedForOrg(orgId, "hospitals", () => listHospitals(state.db, orgId));
}

/**
 * The zone an organisation's event and plan times are shown in: its settings' zone, else its
 * hospitals' most common one (services/settings.ts), cached like the overview's data.
 */
export function orgTimeZone(state: AppState, orgId: string): Promise<string> {
  return cachedForOrg(orgId, "timezone", () => orgTimezone(state.db, orgId));
}

/**
 * The base map (lib/basemap.ts: drawn for the extent of `places`, the whole world without any),
 * the map worker and stylesheet and the optional tiles, for map islands.
 */
export function mapAssets(state: AppState, places: { lat: number; lon: number }[] = []) {
  const { vendor = {} } = state.assets;
  return {
    basemapUrl: basemapUrl(places),
    workerUrl: vendor.maplibreWorker,
    cssUrl: vendor.maplibreCss,
    tilesUrl: state.config.MAP_TILES_URL,
  };
}

/**
 * A location picker's map for a new hospital or event: the base map of the organisation's
 * hospitals, opening on them (their middle and their box).
 */
export async function pickerMap(state: AppState, orgId: string) {
  const hs = await orgHospitals(state, orgId);
  const lats = hs.map((h) => h.lat), lons = hs.map((h) => h.lon);
  return {
    ...mapAssets(state, hs),
    around: await orgCentre(state, orgId),
    bounds: hs.length
      ? [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]] as [
        [number, number],
        [number, number],
      ]
      : null,
  };
}

/** The middle of the organisation's hospitals: where a location picker opens. */
export async function orgCentre(state: AppState, orgId: string) {
  const hs = await orgHospitals(state, orgId);
  if (!hs.length) return null;
  return {
    lat: hs.reduce((s, h) => s + h.lat, 0) / hs.length,
    lon: hs.reduce((s, h) => s + h.lon, 0) / hs.length,
  };
}

/**
 * A hospital's forecast for a page, or why there is none: a 4xx from the forecast service (no
 * history yet, no model) becomes the page's note; a server fault still fails the page.
 */
export async function forecastForPage(
  state: AppState,
  orgId: string,
  hospital: Hospital,
  now: Date,
): Promise<{ forecast: PageForecast | null; forecastNote: string }> {
  try {
    return { forecast: await readForecast(state.db, orgId, hospital, now), forecastNote: "" };
  } catch (err) {
    if (!(err instanceof HttpError) || err.status >= 500) throw err;
    return { forecast: null, forecastNote: err.message };
  }
}

export type PageForecast = Awaited<ReturnType<typeof readForecast>>;
