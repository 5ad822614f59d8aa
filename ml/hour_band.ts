/**
 * The band calibrated per local hour of day (issue 17; `--hour-band`, off by default): the offsets'
 * shape over the day from the last year of training rows (ensemble.ts hourOffsets), the overall
 * offsets refitted on the calibration window with that shape in place.
 */
import type { FeatureSpec } from "./features.ts";
import type { TrainingSet } from "./mlp.ts";
import {
  CALIBRATION_LEVELS,
  ensembleCentres,
  type EnsembleWeights,
  type HourBand,
  hourOf,
  hourOffsets,
  hourOneHot,
} from "./ensemble.ts";

/**
 * The band's hour-of-day calibration (ensemble.ts hourOffsets) from the last year of training
 * rows before the calibration window, with the hour read from the hour harmonics.
 */
export function hourCalibration(
  spec: FeatureSpec,
  e: Omit<EnsembleWeights, "z" | "dispersion">,
  rows: TrainingSet,
  dispersion: number,
): HourBand | undefined {
  const col = (name: string) => {
    const c = spec.names.indexOf(name);
    return { col: c, mean: spec.mean[c], std: spec.std[c] };
  };
  const sin = col("hour_sin1"), cos = col("hour_cos1");
  if (sin.col < 0 || cos.col < 0 || rows.n === 0) return undefined;
  const f = spec.names.length;
  const raw = (r: number, c: typeof sin) => rows.x[r * f + c.col] * c.std + c.mean;
  const hour = Int32Array.from({ length: rows.n }, (_, r) => hourOf(raw(r, sin), raw(r, cos)));
  const centres = ensembleCentres(e, rows.x, rows.scale, rows.n);
  const z = hourOffsets(centres, rows.y, hour, dispersion);
  return z ? { sin, cos, z } : undefined;
}

/**
 * The overall offsets with the hour shape in place: each level's z is the weighted quantile of
 * (y − c)/sd − shape(hour) on the calibration window (the median keeps its whole-number offset).
 */
export function offsetsWithHours(
  e: Omit<EnsembleWeights, "z" | "dispersion">,
  band: HourBand,
  calib: TrainingSet,
  centres: ArrayLike<number>,
  dispersion: number,
  flat: number[],
): number[] {
  const f = e.glm.w.length;
  const hot = hourOneHot(band, calib.x, calib.n, f);
  return flat.map((z0, k) => {
    if (k === 2) return z0;
    const rows: { r: number; w: number }[] = [];
    let total = 0;
    for (let i = 0; i < calib.n; i++) {
      const c = centres[i], sd = Math.sqrt(Math.max(1e-9, c + dispersion * c * c));
      let shape = 0;
      for (let h = 0; h < 24; h++) shape += hot[i * 24 + h] * band.z[k][h];
      rows.push({ r: (calib.y[i] - c) / sd - shape, w: sd });
      total += sd;
    }
    rows.sort((a, b) => a.r - b.r);
    let acc = 0;
    for (const row of rows) {
      acc += row.w;
      if (acc >= CALIBRATION_LEVELS[k] * total) return row.r;
    }
    return z0;
  });
}
