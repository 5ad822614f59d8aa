/** Grid cells for environment readings, and great-circle distance. */

/** Rounds to the 0.1° grid used to share one environment series between nearby places. */
export function gridCell(lat: number, lon: number): { key: string; lat: number; lon: number } {
  const cellLat = Math.round(lat * 10) / 10 + 0;
  const cellLon = Math.round(lon * 10) / 10 + 0;
  return { key: `grid:${cellLat.toFixed(2)},${cellLon.toFixed(2)}`, lat: cellLat, lon: cellLon };
}

/** The environment location key of a place, e.g. "grid:33.80,-116.50". */
export function gridKey(lat: number, lon: number): string {
  return gridCell(lat, lon).key;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle (haversine) distance in kilometres. */
export function haversineKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
