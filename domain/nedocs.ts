/**
 * NEDOCS, the National ED Overcrowding Scale (Weiss SJ et al., "Estimating the degree of
 * emergency department overcrowding in academic medical centers: results of the National ED
 * Overcrowding Study (NEDOCS)", Acad Emerg Med 2004;11:38–50), with the bands charge nurses and
 * regional boards use (DOMAIN.md). Pure: no I/O.
 */

/** The published coefficients (Weiss 2004, DOMAIN.md). */
export const NEDOCS_COEFFICIENTS = {
  intercept: -20,
  /** × patients in the ED ÷ ED beds */
  census: 85.8,
  /** × admitted patients boarding in the ED ÷ hospital (inpatient) beds */
  boarding: 600,
  /** × patients on ventilators in the ED */
  ventilated: 13.4,
  /** × longest boarding time, hours */
  longestBoardingHours: 0.93,
  /** × waiting time of the last patient put in a bed, hours */
  lastBedWaitHours: 5.64,
} as const;

/** The scale's top (scores above it are shown as "200+", DOMAIN.md). */
export const NEDOCS_MAX = 200;

/** Bands by upper bound (inclusive, on the score rounded to a whole number), DOMAIN.md. */
export const nedocsBands = [
  { band: "not_busy", upTo: 20, label: "not busy" },
  { band: "busy", upTo: 60, label: "busy" },
  { band: "extremely_busy", upTo: 100, label: "extremely busy but not overcrowded" },
  { band: "overcrowded", upTo: 140, label: "overcrowded" },
  { band: "severely_overcrowded", upTo: 180, label: "severely overcrowded" },
  { band: "dangerously_overcrowded", upTo: Infinity, label: "dangerously overcrowded" },
] as const;

export type NedocsBand = typeof nedocsBands[number]["band"];
export const nedocsBandNames = nedocsBands.map((b) => b.band) as [NedocsBand, ...NedocsBand[]];

/** What NEDOCS is computed from; the ED and inpatient bed counts come from the hospital. */
export interface NedocsInputs {
  patientsInEd: number;
  edBeds: number;
  boarders: number;
  inpatientBeds: number;
  ventilated: number;
  longestBoardingHours: number;
  lastBedWaitHours: number;
}

/** The NEDOCS score, to one decimal, floored at 0 (the scale starts there). */
export function nedocsScore(i: NedocsInputs): number {
  const c = NEDOCS_COEFFICIENTS;
  const raw = c.intercept +
    c.census * (i.patientsInEd / i.edBeds) +
    c.boarding * (i.boarders / i.inpatientBeds) +
    c.ventilated * i.ventilated +
    c.longestBoardingHours * i.longestBoardingHours +
    c.lastBedWaitHours * i.lastBedWaitHours;
  return Math.max(0, Math.round(raw * 10) / 10);
}

/** The band of a score. */
export function nedocsBand(score: number): NedocsBand {
  const whole = Math.round(score);
  return nedocsBands.find((b) => whole <= b.upTo)!.band;
}

/** Words for a band, as the regional boards write them. */
export function nedocsBandLabel(band: NedocsBand): string {
  return nedocsBands.find((b) => b.band === band)!.label;
}

/** A score as shown: one decimal, "200+" above the scale. */
export function formatNedocs(score: number): string {
  return score > NEDOCS_MAX ? `${NEDOCS_MAX}+` : score.toFixed(1);
}

/** Rank of a band (0 = not busy), for "at or above" comparisons. */
export const nedocsBandRank = (band: NedocsBand) => nedocsBandNames.indexOf(band);

/** The reported values NEDOCS needs, any of which may be missing. */
export type NedocsReport = { [K in keyof NedocsInputs]: number | null | undefined };

/** The inputs, or the names of those missing (a bed count of 0 counts as missing). */
export function nedocsInputs(r: NedocsReport): { inputs: NedocsInputs } | { missing: string[] } {
  const missing = (Object.keys(r) as (keyof NedocsInputs)[]).filter((k) => {
    const v = r[k];
    if (v === null || v === undefined || !Number.isFinite(v) || v < 0) return true;
    return (k === "edBeds" || k === "inpatientBeds") && v === 0;
  });
  if (missing.length) return { missing };
  return { inputs: r as NedocsInputs };
}

export interface NedocsNow {
  score: number;
  band: NedocsBand;
  at: string;
  projection: { ts: string; score: number; band: NedocsBand }[];
}

/**
 * NEDOCS at the time of the report and projected over a census forecast: each hour's expected
 * patients in the ED replace the reported count, every other term is held at its latest reported
 * value (boarders, ventilated patients and waits are not forecast).
 */
export function nedocsWithProjection(
  inputs: NedocsInputs,
  at: Date | string,
  census: { ts: string; p50: number; mean?: number }[],
): NedocsNow {
  const score = nedocsScore(inputs);
  return {
    score,
    band: nedocsBand(score),
    at: new Date(at).toISOString(),
    projection: census.map((c) => {
      const s = nedocsScore({ ...inputs, patientsInEd: c.mean ?? c.p50 });
      return { ts: c.ts, score: s, band: nedocsBand(s) };
    }),
  };
}
