/**
 * US AQI from pollutant concentrations, EPA breakpoint table in force from 6 May 2024 (DOMAIN.md).
 * Concentrations are truncated first (PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³, O3 to 1 ppb) and the
 * result is rounded. Values above the table's top report 500.
 */

/** [concentration low, concentration high, index low, index high]. */
type Breakpoint = readonly [number, number, number, number];

const PM25_24H: readonly Breakpoint[] = [
  [0.0, 9.0, 0, 50],
  [9.1, 35.4, 51, 100],
  [35.5, 55.4, 101, 150],
  [55.5, 125.4, 151, 200],
  [125.5, 225.4, 201, 300],
  [225.5, 325.4, 301, 500],
];

const PM10_24H: readonly Breakpoint[] = [
  [0, 54, 0, 50],
  [55, 154, 51, 100],
  [155, 254, 101, 150],
  [255, 354, 151, 200],
  [355, 424, 201, 300],
  [425, 604, 301, 500],
];

// Ozone in ppb (0.001 ppm = 1 ppb). The 8-hour table stops at 0.200 ppm: EPA defines AQI ≥ 301
// from 1-hour ozone only, so an 8-hour value above it reports 300 (a lower bound).
const O3_8H_PPB: readonly Breakpoint[] = [
  [0, 54, 0, 50],
  [55, 70, 51, 100],
  [71, 85, 101, 150],
  [86, 105, 151, 200],
  [106, 200, 201, 300],
];

/** µg/m³ per ppb of ozone at 25 °C (DOMAIN.md: ppb ≈ µg/m³ / 1.96). */
export const OZONE_UGM3_PER_PPB = 1.96;

/** Converts ozone from µg/m³ (Open-Meteo) to ppb. */
export function ozoneUgm3ToPpb(ugm3: number): number {
  return ugm3 / OZONE_UGM3_PER_PPB;
}

function truncate(value: number, step: number): number {
  // The small epsilon keeps 35.4 (stored as 35.39999…) from truncating to 35.3.
  return Math.floor(value / step + 1e-9) * step;
}

function indexFrom(table: readonly Breakpoint[], c: number, cap: number): number {
  if (!Number.isFinite(c)) throw new RangeError(`concentration must be finite, got ${c}`);
  const x = Math.max(0, c);
  for (const [cLo, cHi, iLo, iHi] of table) {
    if (x <= cHi) return Math.round(((iHi - iLo) / (cHi - cLo)) * (Math.max(x, cLo) - cLo) + iLo);
  }
  return cap;
}

/** US AQI from a 24-hour mean PM2.5 concentration in µg/m³. */
export function usAqiFromPm25(c: number): number {
  return indexFrom(PM25_24H, truncate(c, 0.1), 500);
}

/** US AQI from a 24-hour mean PM10 concentration in µg/m³. */
export function usAqiFromPm10(c: number): number {
  return indexFrom(PM10_24H, truncate(c, 1), 500);
}

/** US AQI from an 8-hour mean ozone concentration in ppb. */
export function usAqiFromOzonePpb8h(ppb: number): number {
  return indexFrom(O3_8H_PPB, truncate(ppb, 1), 300);
}

/** Overall AQI: the maximum over the pollutants that have a value (null when none has). */
export function overallUsAqi(parts: { pm25?: number; pm10?: number; ozonePpb8h?: number }) {
  const indices: number[] = [];
  if (parts.pm25 !== undefined) indices.push(usAqiFromPm25(parts.pm25));
  if (parts.pm10 !== undefined) indices.push(usAqiFromPm10(parts.pm10));
  if (parts.ozonePpb8h !== undefined) indices.push(usAqiFromOzonePpb8h(parts.ozonePpb8h));
  return indices.length ? Math.max(...indices) : null;
}
