/**
 * Data that stopped a day or more before the origin still gives finite inputs (a NaN input makes
 * every output of the ONNX graph NaN): the recent-history terms fall back to "no signal".
 */
import { expect } from "expect";
import { FEATURE_NAMES, fitSpec, forecastRows, prepareHistory, rawFeatures } from "./features.ts";

Deno.test("arrivals that stopped 30 h before the origin give finite features", () => {
  const history = 28 * 24, hours = history + 72;
  const arrivals = Float64Array.from(
    { length: hours },
    (_, i) => (i < history - 30 ? 2 + (i % 3) : NaN),
  );
  const nan = () => new Float64Array(hours).fill(NaN);
  const h = prepareHistory(
    { lat: 51.5, lon: -3.2, timezone: "Europe/London" },
    [],
    [],
    Date.UTC(2026, 2, 2),
    arrivals,
    { temperatureC: nan(), relativeHumidity: nan(), pm25: nan(), ozone: nan() },
  );
  const f = FEATURE_NAMES.length, raw = new Float32Array(72 * f);
  for (let k = 0; k < 72; k++) expect(rawFeatures(h, history, k, raw, k * f)).not.toBeNull();
  const spec = fitSpec(raw, 72, { hidden: [8, 4], eventFeatures: true, orgFlags: [] });
  const rows = forecastRows(h, history, spec)!;
  const bad = [
    ...new Set([...rows.x].flatMap((v, i) => Number.isFinite(v) ? [] : [spec.names[i % f]])),
  ];
  expect(bad).toEqual([]);
  expect(rows.scale.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
});
