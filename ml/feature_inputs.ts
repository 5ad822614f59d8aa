/**
 * Hourly inputs the features are built from, derived the same way in training, on the server and
 * in the browser: local calendar, environment aggregates and expected event load. Pure: no Deno,
 * no database, so ./features.ts and everything it imports can be bundled for the browser.
 */
import { overallUsAqi, ozoneUgm3ToPpb } from "../domain/aqi.ts";
import { celsiusToFahrenheit, computeHeatIndexC } from "../domain/heat_index.ts";
import {
  eventTiming,
  expectedEventLoad,
  type SimEvent,
  transferShares,
} from "../domain/event_load.ts";

export const HOUR_MS = 3_600_000;

/** A place with coordinates (hospitals; events use SimEvent). */
export interface Place {
  lat: number;
  lon: number;
}

/** Raw hourly environment at a hospital; NaN where unknown. Ozone in µg/m³ (Open-Meteo). */
export interface EnvironmentSeries {
  temperatureC: ArrayLike<number>;
  relativeHumidity: ArrayLike<number>;
  pm25: ArrayLike<number>;
  ozone: ArrayLike<number>;
}

/** Environment aggregates per hour, as the DOMAIN.md effects are defined (NaN where unknown). */
export interface EnvironmentDerived {
  tempMean24: Float64Array;
  tempMax24: Float64Array;
  heatIndexC: Float64Array;
  pm25Mean24: Float64Array;
  ozonePpb8h: Float64Array;
  aqi: Float64Array;
}

/** Trailing mean and max over `window` hours ending at each hour, skipping unknown hours. */
function trailing(values: ArrayLike<number>, window: number, hours: number) {
  const mean = new Float64Array(hours).fill(NaN);
  const max = new Float64Array(hours).fill(NaN);
  for (let i = 0; i < hours; i++) {
    let s = 0, n = 0, m = -Infinity;
    for (let j = Math.max(0, i - window + 1); j <= i; j++) {
      const v = values[j];
      if (Number.isFinite(v)) {
        s += v;
        n++;
        if (v > m) m = v;
      }
    }
    if (n > 0) {
      mean[i] = s / n;
      max[i] = m;
    }
  }
  return { mean, max };
}

/** Trailing 24 h temperature mean/max, hourly heat index, 24 h PM2.5, 8 h ozone, and AQI. */
export function deriveEnvironment(env: EnvironmentSeries, hours: number): EnvironmentDerived {
  const temp = trailing(env.temperatureC, 24, hours);
  const pm = trailing(env.pm25, 24, hours).mean;
  const o3 = trailing(env.ozone, 8, hours).mean;
  const heatIndexC = new Float64Array(hours).fill(NaN);
  const ozonePpb8h = new Float64Array(hours).fill(NaN);
  const aqi = new Float64Array(hours).fill(NaN);
  for (let i = 0; i < hours; i++) {
    const t = env.temperatureC[i], rh = env.relativeHumidity[i];
    if (Number.isFinite(t) && Number.isFinite(rh)) heatIndexC[i] = computeHeatIndexC(t, rh);
    if (Number.isFinite(o3[i])) ozonePpb8h[i] = ozoneUgm3ToPpb(o3[i]);
    if (Number.isFinite(pm[i]) || Number.isFinite(o3[i])) {
      aqi[i] = overallUsAqi({
        pm25: Number.isFinite(pm[i]) ? pm[i] : undefined,
        ozonePpb8h: Number.isFinite(o3[i]) ? ozonePpb8h[i] : undefined,
      }) ?? NaN;
    }
  }
  return {
    tempMean24: temp.mean,
    tempMax24: temp.max,
    heatIndexC,
    pm25Mean24: pm,
    ozonePpb8h,
    aqi,
  };
}

/** What-if changes to an event: attendance multiplied by `attendanceFactor`. */
export interface EventOverride {
  attendanceFactor?: number;
  /** Events the factor applies to (by code); all events when absent. */
  codes?: readonly string[];
}

/**
 * Expected event-driven ED arrivals per hour at one hospital over [start, start + hours): the
 * documented PPR model (domain/event_load.ts, constants citing DOMAIN.md) —
 * attendance × PPR × setting and heat-index modifiers × transfer share, spread over the event's
 * hours with the lag and spill-over, split between `hospitals` by distance. The heat index is the
 * mean over the event's hours of `heatIndexC` (the hospital's own environment) where known.
 */
export function eventLoadSeries(
  hospital: Place,
  hospitals: readonly Place[],
  events: readonly SimEvent[],
  start: number,
  hours: number,
  heatIndexC: ArrayLike<number>,
  override: EventOverride = {},
): Float64Array {
  const out = new Float64Array(hours);
  const end = start + hours * HOUR_MS;
  const peers = hospitals.map((h, i) => ({ code: String(i), lat: h.lat, lon: h.lon }));
  const self = peers.find((p) => p.lat === hospital.lat && p.lon === hospital.lon) ??
    (peers.push({ code: "self", lat: hospital.lat, lon: hospital.lon }), peers.at(-1)!);
  const margin = 12 * HOUR_MS;
  for (const e of events) {
    if (e.endsAt.getTime() + margin < start || e.startsAt.getTime() - margin >= end) continue;
    const share = transferShares(e, peers).get(self.code) ?? 0;
    if (share === 0) continue;
    let hiSum = 0, hiN = 0;
    for (let t = e.startsAt.getTime(); t < e.endsAt.getTime(); t += HOUR_MS) {
      const i = Math.floor((t - start) / HOUR_MS);
      const v = i >= 0 && i < hours ? heatIndexC[i] : NaN;
      if (Number.isFinite(v)) {
        hiSum += v;
        hiN++;
      }
    }
    const applies = !override.codes || override.codes.includes(e.code);
    const factor = applies ? override.attendanceFactor ?? 1 : 1;
    const scaled = { ...e, expectedAttendance: e.expectedAttendance * factor };
    const load = expectedEventLoad(scaled, hiN ? celsiusToFahrenheit(hiSum / hiN) : undefined);
    for (const [t, s] of eventTiming(e)) {
      const i = Math.round((t - start) / HOUR_MS);
      if (i >= 0 && i < hours) out[i] += load.toEd * s * share;
    }
  }
  return out;
}

/** Local hour, weekday (0 = Sunday) and day of year of every hour from `start`. */
export interface LocalCalendar {
  hour: Uint8Array;
  weekday: Uint8Array;
  dayOfYear: Uint16Array;
  /** Month 0–11 and day of month 1–31 (special periods such as 24 Dec – 2 Jan). */
  month: Uint8Array;
  dayOfMonth: Uint8Array;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the time zone is ahead of UTC at instant t. */
export function utcOffsetMinutes(tz: string, t: number): number {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formats.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute);
  return Math.round((local - Math.floor(t / 60_000) * 60_000) / 60_000);
}

/** The local calendar of `hours` hours from `start` (offsets looked up twice a day). */
export function localCalendar(timezone: string, start: number, hours: number): LocalCalendar {
  const hour = new Uint8Array(hours), weekday = new Uint8Array(hours);
  const dayOfYear = new Uint16Array(hours);
  const month = new Uint8Array(hours), dayOfMonth = new Uint8Array(hours);
  let tz = timezone;
  try {
    utcOffsetMinutes(tz, start);
  } catch {
    tz = "UTC";
  }
  for (let d = 0; d < hours; d += 24) {
    const last = Math.min(hours - 1, d + 23);
    const a = utcOffsetMinutes(tz, start + d * HOUR_MS);
    const b = utcOffsetMinutes(tz, start + last * HOUR_MS);
    for (let i = d; i <= last; i++) {
      const t = start + i * HOUR_MS;
      const local = new Date(t + (a === b ? a : utcOffsetMinutes(tz, t)) * 60_000);
      hour[i] = local.getUTCHours();
      weekday[i] = local.getUTCDay();
      dayOfYear[i] = Math.floor((local.getTime() - Date.UTC(local.getUTCFullYear(), 0, 1)) / 864e5);
      month[i] = local.getUTCMonth();
      dayOfMonth[i] = local.getUTCDate();
    }
  }
  return { hour, weekday, dayOfYear, month, dayOfMonth };
}

/**
 * A place's temperature climatology by local month (HeatRisk-like, DOMAIN.md): the warm and
 * extreme percentiles of the daily mean and daily maximum temperature. Months with fewer than 20
 * days of readings borrow their neighbours'. From `CLIMATE_FULL_DAYS` days on it is the place's
 * own; from `CLIMATE_MIN_DAYS` days it is a short-history climatology (shortHistoryClimate);
 * null with fewer.
 */
export interface Climate {
  /** Percentile `HEAT_WARM_PERCENTILE` of the daily mean temperature, °C, by month 0–11. */
  warmMeanC: number[];
  /** Percentile `HEAT_EXTREME_PERCENTILE` of the daily maximum temperature, °C, by month. */
  extremeMaxC: number[];
  /** Median and 5th percentile of the daily mean temperature, °C, by month. */
  medianMeanC: number[];
  coldMeanC: number[];
}

/** Days of readings from which a place's own percentiles are its climatology. */
export const CLIMATE_FULL_DAYS = 60;
/**
 * Days of readings (local days with at least 18 hours) from which a short-history climatology is
 * used: one, so that heat counts from day one — the feeds' first pull stores two past days
 * (workers/feeds.ts). A first day that is itself a heat-wave day sets the place's "normal" high
 * until more days are stored (the thresholds only rise with what was observed).
 */
export const CLIMATE_MIN_DAYS = 1;
/**
 * Day-to-day spread within a month of the daily mean temperature, °C, assumed where the place's
 * own history is too short to show it (uncertain, assumed: 2.5–4 °C in mid-latitude climates).
 */
export const SHORT_CLIMATE_SD_C = 3;
/** One-sided standard-normal quantiles of the warm (p90), extreme (p95) and cold (p5) edges. */
const Z_WARM = 1.2815515655446004, Z_EXTREME = 1.6448536269514722;

/**
 * Heat from day one (issue 16): a place with only days or weeks of temperature readings has no
 * percentiles of its own worth the name — the hottest of ten days is no 95th percentile. Its
 * thresholds are then its observed median daily mean plus the assumed day-to-day spread (never
 * below what it did observe): warm = median + z₀.₉ · SHORT_CLIMATE_SD_C, extreme daily maximum =
 * median + the observed median gap between daily maximum and mean + z₀.₉₅ · SHORT_CLIMATE_SD_C,
 * cold = median − z₀.₉₅ · SHORT_CLIMATE_SD_C. So the documented priors (+1.8 %/°C above the
 * warm edge, +7.8 % on an extreme-heat day, DOMAIN.md) apply relative to the place's current
 * climate, and a what-if +10 °C crosses them.
 */
export function shortHistoryClimate(c: Climate, maxOverMeanC: number): Climate {
  const gap = Number.isFinite(maxOverMeanC) ? Math.max(0, maxOverMeanC) : 0;
  const sd = SHORT_CLIMATE_SD_C;
  return {
    medianMeanC: c.medianMeanC,
    warmMeanC: c.warmMeanC.map((v, m) => Math.max(v, c.medianMeanC[m] + Z_WARM * sd)),
    extremeMaxC: c.extremeMaxC.map((v, m) => Math.max(v, c.medianMeanC[m] + gap + Z_EXTREME * sd)),
    coldMeanC: c.coldMeanC.map((v, m) => Math.min(v, c.medianMeanC[m] - Z_EXTREME * sd)),
  };
}

/** Climatology from hourly temperatures on a grid whose local months are `month`. */
export function localClimate(
  temperatureC: ArrayLike<number>,
  month: ArrayLike<number>,
  hour: ArrayLike<number>,
  warm: number,
  extreme: number,
): Climate | null {
  const means: number[][] = Array.from({ length: 12 }, () => []);
  const maxes: number[][] = Array.from({ length: 12 }, () => []);
  const gaps: number[] = [];
  let s = 0, n = 0, m = -Infinity, days = 0;
  for (let i = 0; i < temperatureC.length; i++) {
    const v = temperatureC[i];
    if (Number.isFinite(v)) (s += v, n++, m = Math.max(m, v));
    if (hour[i] === 23 || i === temperatureC.length - 1) {
      if (n >= 18) {
        (means[month[i]].push(s / n), maxes[month[i]].push(m), gaps.push(m - s / n), days++);
      }
      s = 0, n = 0, m = -Infinity;
    }
  }
  if (days < CLIMATE_MIN_DAYS) return null;
  const pct = (byMonth: number[][], q: number) =>
    byMonth.map((_, mo) => {
      let pool = byMonth[mo];
      for (let w = 1; pool.length < 20 && w <= 6; w++) {
        pool = [...pool, ...byMonth[(mo + w) % 12], ...byMonth[(mo + 12 - w) % 12]];
      }
      const sorted = [...pool].sort((a, b) => a - b);
      return sorted.length
        ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
        : NaN;
    });
  const climate = {
    warmMeanC: pct(means, warm),
    extremeMaxC: pct(maxes, extreme),
    medianMeanC: pct(means, 0.5),
    coldMeanC: pct(means, 0.05),
  };
  if (days >= CLIMATE_FULL_DAYS) return climate;
  const sortedGaps = gaps.sort((a, b) => a - b);
  return shortHistoryClimate(climate, sortedGaps[Math.floor(sortedGaps.length / 2)]);
}
