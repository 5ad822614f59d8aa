/** NWS heat index (Rothfusz regression with the NWS adjustments), as restated in DOMAIN.md. */

/** °C → °F. */
export function celsiusToFahrenheit(c: number): number {
  return c * 9 / 5 + 32;
}

/** °F → °C. */
export function fahrenheitToCelsius(f: number): number {
  return (f - 32) * 5 / 9;
}

/** Heat index in °F from air temperature in °F and relative humidity in %. */
export function computeHeatIndexF(tempF: number, rh: number): number {
  const t = tempF;
  // Step 1: the simple formula, averaged with the temperature.
  const simple = 0.5 * (t + 61 + (t - 68) * 1.2 + rh * 0.094);
  const average = (simple + t) / 2;
  if (average < 80) return average;
  // Step 2: the Rothfusz regression.
  let hi = -42.379 + 2.04901523 * t + 10.14333127 * rh - 0.22475541 * t * rh -
    0.00683783 * t * t - 0.05481717 * rh * rh + 0.00122874 * t * t * rh +
    0.00085282 * t * rh * rh - 0.00000199 * t * t * rh * rh;
  // Steps 3 and 4: the dry and the humid adjustments.
  if (rh < 13 && t >= 80 && t <= 112) {
    hi -= ((13 - rh) / 4) * Math.sqrt((17 - Math.abs(t - 95)) / 17);
  } else if (rh > 85 && t >= 80 && t <= 87) {
    hi += ((rh - 85) / 10) * ((87 - t) / 5);
  }
  return hi;
}

/** Heat index in °C from air temperature in °C and relative humidity in % (computed in °F). */
export function computeHeatIndexC(tempC: number, rh: number): number {
  return fahrenheitToCelsius(computeHeatIndexF(celsiusToFahrenheit(tempC), rh));
}
