/**
 * Units people read figures in: °F and miles in the United States and the few places that use
 * them (NIST SP 330 / CIA World Factbook: the US, Liberia and Myanmar have not adopted the metric
 * system; the Bahamas, Belize, the Cayman Islands, Palau, the Federated States of Micronesia and
 * the Marshall Islands also report temperatures in °F; the UK signs distances in miles).
 * Everything is stored and computed in °C and km; only what is shown changes. Pure: islands
 * import it too.
 */
export interface Units {
  temperature: "C" | "F";
  distance: "km" | "mi";
}

export const METRIC: Units = { temperature: "C", distance: "km" };

/** ISO 3166-1 numeric codes (as in Natural Earth / world-atlas). */
const FAHRENHEIT = new Set(["840", "430", "104", "044", "084", "136", "585", "583", "584"]);
const MILES = new Set(["840", "430", "104", "826"]);

/** The units of a country (ISO 3166-1 numeric), metric when unknown. */
export function unitsOfCountry(code: string | null | undefined): Units {
  if (!code) return METRIC;
  return {
    temperature: FAHRENHEIT.has(code) ? "F" : "C",
    distance: MILES.has(code) ? "mi" : "km",
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** A temperature given in °C, in the reader's unit, e.g. "39.5 °C" or "103.1 °F". */
export function formatTemperature(celsius: number, units: Units, digits = 1): string {
  const v = units.temperature === "F" ? celsius * 9 / 5 + 32 : celsius;
  return `${v.toFixed(digits).replace(/\.0+$/, "")} °${units.temperature}`;
}

/** A temperature difference given in °C (a what-if change), in the reader's unit. */
export function formatTemperatureDelta(celsius: number, units: Units): string {
  const v = units.temperature === "F" ? celsius * 9 / 5 : celsius;
  return `${v > 0 ? "+" : ""}${v.toFixed(1)} °${units.temperature}`;
}

/** A distance given in km, in the reader's unit, e.g. "80 km" or "50 mi". */
export function formatDistance(km: number, units: Units): string {
  const v = units.distance === "mi" ? km / 1.609344 : km;
  return `${round1(v) >= 10 ? Math.round(v) : round1(v)} ${units.distance}`;
}
