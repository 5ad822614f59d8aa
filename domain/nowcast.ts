/**
 * Hourly averaging rules EPA uses to report the AQI from hourly monitors (DOMAIN.md):
 * the NowCast for particles and the 8-hour mean for ozone.
 */

const HOUR = 3_600_000;

/** Hourly concentrations by the start of their hour (epoch ms); missing hours are absent. */
export type HourlySeries = Map<number, number>;

/**
 * EPA NowCast for PM2.5/PM10 at hour `at`: the last 12 hourly values c[0] (newest) … c[11],
 * weight w = max(1 − (max − min)/max, 0.5), NowCast = Σ wⁱ·cᵢ / Σ wⁱ over the hours present.
 * Needs 2 of the 3 most recent hours, else null.
 */
export function nowcastAt(series: HourlySeries, at: number): number | null {
  const values: (number | undefined)[] = [];
  for (let i = 0; i < 12; i++) values.push(series.get(at - i * HOUR));
  const recent = values.slice(0, 3).filter((v) => v !== undefined).length;
  if (recent < 2) return null;
  const present = values.filter((v): v is number => v !== undefined);
  const max = Math.max(...present);
  const min = Math.min(...present);
  const w = max > 0 ? Math.max(1 - (max - min) / max, 0.5) : 1;
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    if (v === undefined) return;
    const wi = w ** i;
    num += wi * v;
    den += wi;
  });
  return num / den;
}

/** Mean of the 8 hours ending with `at` when at least 6 are present (EPA 75 % rule), else null. */
export function eightHourMeanAt(series: HourlySeries, at: number): number | null {
  const present: number[] = [];
  for (let i = 0; i < 8; i++) {
    const v = series.get(at - i * HOUR);
    if (v !== undefined) present.push(v);
  }
  return present.length >= 6 ? present.reduce((a, b) => a + b, 0) / present.length : null;
}
