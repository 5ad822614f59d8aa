/**
 * Demo simulator: synthetic hourly environment and ED arrivals for a region. Deterministic for a
 * given seed. Every constant lives, with its source, in ./sim_params.ts.
 *
 * Models
 * - Environment (low-desert climate): seasonal highs/lows and dew point with persistent day-to-day
 *   anomalies, a solar-time daily cycle, elevation lapse rate, hot spells, monsoon moisture
 *   surges, wildfire smoke (PM2.5) and wind-blown dust (PM10), afternoon ozone. Weather is
 *   regional (one daily series) with small per-location differences. Values depend only on
 *   (seed, location, hour), so any window reproduces the same values for the same hours.
 * - ED arrivals per hospital-hour: a baseline proportional to ED beds, shaped by local hour,
 *   weekday and winter-visitor season; multiplied by heat (+1.8%/°C of trailing-24 h mean
 *   temperature above the optimum, extra on extreme days) and PM2.5/ozone effects (applied to the
 *   asthma/respiratory share of visits only); plus event load = attendance × PPR/1,000 × setting
 *   and heat-index modifiers × transfer share, spread over event hours with a lag and a tapering
 *   spill-over, split across hospitals by distance. Counts are negative binomial (gamma-Poisson);
 *   ambulance arrivals are a binomial share; occupancy follows exponential lengths of stay.
 *
 * Does not model: holidays, trends, outbreaks, visitors in town beyond attendees needing care,
 * diversion between hospitals, staffing, crowd-size effects on PPR, acuity mix, or rain and
 * wind as such. Event heat uses the environment of the hospital nearest the event.
 */
import { celsiusToFahrenheit, computeHeatIndexF } from "../domain/heat_index.ts";
import { ozoneUgm3ToPpb } from "../domain/aqi.ts";
import * as P from "./sim_params.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed (murmur3 finaliser per part). */
function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0) ^ Math.floor(part / 4294967296), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** FNV-1a hash of a string, so codes and keys can seed streams. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A uniform in [0, 1) that depends only on its arguments. */
function uniformAt(...parts: number[]): number {
  return mulberry32(mix(...parts))();
}

/** A standard normal that depends only on its arguments (Box–Muller). */
function normalAt(...parts: number[]): number {
  const rng = mulberry32(mix(...parts));
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape ≥ 1, scale 1) by Marsaglia–Tsang. */
function gamma(shape: number, rng: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng();
    if (Math.log(1 - u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  // Stirling series for ln Γ(k + 1): error < 1e-6 from k = 10; PTRS only calls it near λ ≥ 30.
  const n = k + 1;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) -
    1 / (360 * n ** 3);
}

/** Poisson(lambda): multiplication method below 30, Hörmann's PTRS rejection above. */
function poisson(lambda: number, rng: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng() - 0.5;
    const v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * Math.log(lambda) - logFactorial(k)
    ) return k;
  }
}

function binomial(n: number, p: number, rng: () => number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng() < p) k++;
  return k;
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

export interface EnvironmentLocation {
  key: string;
  lat: number;
  lon: number;
  elevationM?: number;
}

export interface EnvironmentHour {
  ts: Date;
  temperatureC: number;
  relativeHumidity: number;
  pm25: number;
  pm10: number;
  /** µg/m³, as Open-Meteo reports it. */
  ozone: number;
}

interface DailyWeather {
  highC: number;
  lowC: number;
  dewC: number;
  pmFactor: number;
  ozoneFactor: number;
  smokePm25: number;
  dustPm10: number;
}

/** Independent random streams of the regional daily weather. */
const STREAM = {
  high: 1,
  low: 2,
  dew: 3,
  pm: 4,
  ozone: 5,
  hot: 11,
  monsoon: 12,
  smoke: 13,
  dust: 14,
};
const S = P.ENV_SHAPE;

/** Month (0–11) of a day number (days since 1970-01-01). */
function monthOf(day: number): number {
  return new Date(day * DAY_MS).getUTCMonth();
}

/** Linear interpolation of monthly normals (anchored mid-month), cyclic over the year. */
function climate(monthly: readonly number[], day: number): number {
  const date = new Date(day * DAY_MS);
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  const position = ((day * DAY_MS - start) / DAY_MS - 15) / 30.44;
  const i = Math.floor(position);
  const f = position - i;
  const at = (j: number) => monthly[((j % 12) + 12) % 12];
  return at(i) * (1 - f) + at(i + 1) * f;
}

/** A persistent daily anomaly with unit variance: a geometric moving average of daily noise. */
function anomaly(seed: number, stream: number, day: number): number {
  const phi = P.DAILY_PERSISTENCE;
  let sum = 0;
  for (let k = 0; k < 15; k++) sum += phi ** k * normalAt(seed, stream, day - k);
  return sum * Math.sqrt(1 - phi * phi);
}

/** Strength in [0, 1) of an episode covering `day`, or null when none does. */
function episode(seed: number, stream: number, day: number, e: P.EpisodeParams): number | null {
  for (let k = 0; k < e.maxDays; k++) {
    const start = day - k;
    if (uniformAt(seed, stream, start, 0) >= e.startProbability[monthOf(start)]) continue;
    const length = e.minDays +
      Math.floor(uniformAt(seed, stream, start, 1) * (e.maxDays - e.minDays + 1));
    if (k < length) return uniformAt(seed, stream, start, 2);
  }
  return null;
}

function between(range: readonly [number, number], u: number): number {
  return range[0] + (range[1] - range[0]) * u;
}

/** The region's daily weather at the 100 m reference elevation, memoised per day. */
function regionalWeather(seed: number): (day: number) => DailyWeather {
  const cache = new Map<number, DailyWeather>();
  return (day) => {
    const hit = cache.get(day);
    if (hit) return hit;
    const a = anomaly(seed, STREAM.high, day);
    const hot = episode(seed, STREAM.hot, day, P.HOT_SPELL);
    const monsoon = episode(seed, STREAM.monsoon, day, P.MONSOON_SURGE);
    const smoke = episode(seed, STREAM.smoke, day, P.SMOKE);
    const dust = episode(seed, STREAM.dust, day, P.DUST);
    const hotC = hot === null ? 0 : between(P.HOT_SPELL_HIGH_C, hot);
    const w: DailyWeather = {
      highC: climate(P.MONTHLY_HIGH_C, day) + P.DAILY_HIGH_SD_C * a + hotC,
      lowC: climate(P.MONTHLY_LOW_C, day) +
        P.DAILY_HIGH_SD_C *
          (S.lowFollowsHigh * a + S.lowOwnAnomaly * anomaly(seed, STREAM.low, day)) +
        S.hotSpellLowShare * hotC,
      dewC: climate(P.MONTHLY_DEWPOINT_C, day) +
        P.DAILY_DEWPOINT_SD_C * anomaly(seed, STREAM.dew, day) +
        (monsoon === null ? 0 : between(P.MONSOON_DEWPOINT_C, monsoon)),
      pmFactor: Math.exp(S.dailyPmLogSd * anomaly(seed, STREAM.pm, day) - S.dailyPmLogSd ** 2 / 2),
      ozoneFactor: Math.exp(S.dailyOzoneLogSd * anomaly(seed, STREAM.ozone, day)) *
        (hot === null ? 1 : S.ozoneHotSpellFactor) * (smoke === null ? 1 : S.ozoneSmokeFactor),
      smokePm25: smoke === null ? 0 : between(P.SMOKE_PM25, smoke),
      dustPm10: dust === null ? 0 : between(P.DUST_PM10, dust),
    };
    cache.set(day, w);
    return w;
  };
}

/** Relative humidity (%) from temperature and dew point (Magnus formula). */
function relativeHumidity(tempC: number, dewC: number): number {
  const m = (t: number) => (17.625 * t) / (243.04 + t);
  return Math.min(100, Math.max(3, 100 * Math.exp(m(dewC) - m(tempC))));
}

/** Temperature between the day's low (dawn) and high (mid-afternoon), cosine-shaped. */
function diurnalTemperature(weather: (day: number) => DailyWeather, day: number, hour: number) {
  const lo = (d: number) => weather(d).lowC;
  const hi = (d: number) => weather(d).highC;
  const rise = S.maxTempHour - S.minTempHour;
  const fall = 24 - rise;
  if (hour >= S.minTempHour && hour <= S.maxTempHour) {
    const s = (1 - Math.cos(Math.PI * (hour - S.minTempHour) / rise)) / 2;
    return lo(day) + (hi(day) - lo(day)) * s;
  }
  if (hour > S.maxTempHour) {
    const s = (1 + Math.cos(Math.PI * (hour - S.maxTempHour) / fall)) / 2;
    return lo(day + 1) + (hi(day) - lo(day + 1)) * s;
  }
  const s = (1 + Math.cos(Math.PI * (hour + 24 - S.maxTempHour) / fall)) / 2;
  return lo(day) + (hi(day - 1) - lo(day)) * s;
}

/** A half-sine bump over [start, start + hours), zero outside. */
function bump(hour: number, start: number, hours: number): number {
  const x = hour - start;
  return x >= 0 && x < hours ? Math.sin(Math.PI * x / hours) : 0;
}

/** Hourly environment per location over [from, to), keyed by location key. */
export function simulateEnvironment(
  locations: readonly EnvironmentLocation[],
  from: Date,
  to: Date,
  seed: number,
): Map<string, EnvironmentHour[]> {
  const weather = regionalWeather(seed);
  const first = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS;
  const out = new Map<string, EnvironmentHour[]>();
  for (const loc of locations) {
    const id = hashString(loc.key);
    const elevationKm = ((loc.elevationM ?? 100) - 100) / 1000;
    const biasC = S.locationBiasSdC * normalAt(seed, id, 1) - P.LAPSE_RATE_C_PER_KM * elevationKm;
    const rows: EnvironmentHour[] = [];
    for (let t = first; t < to.getTime(); t += HOUR_MS) {
      const solarMs = t + (loc.lon / 15) * HOUR_MS;
      const day = Math.floor(solarMs / DAY_MS);
      const hour = (solarMs - day * DAY_MS) / HOUR_MS;
      const hourNo = t / HOUR_MS;
      const w = weather(day);
      const temp = diurnalTemperature(weather, day, hour) + biasC +
        S.hourlyTempSdC * normalAt(seed, id, hourNo, 1);
      const dew = Math.min(
        temp - 0.5,
        w.dewC - S.dewLapseCPerKm * elevationKm + S.hourlyDewSdC * normalAt(seed, id, hourNo, 2),
      );
      const sd = S.hourlyPmLogSd;
      const noise = (k: number) => Math.exp(sd * normalAt(seed, id, hourNo, k) - sd * sd / 2);
      const inversion = 1 +
        S.pm25InversionAmplitude * Math.cos(2 * Math.PI * (hour - S.pm25InversionPeakHour) / 24);
      const afternoon = bump(hour, S.windStartHour, S.windHours);
      const dust = w.dustPm10 * (S.dustNightShare + S.dustAfternoonBoost * afternoon);
      const pm25 = (climate(P.MONTHLY_PM25, day) * inversion * w.pmFactor +
        w.smokePm25 *
          (1 + S.smokeAmplitude * Math.cos(2 * Math.PI * (hour - S.smokePeakHour) / 24)) +
        P.DUST_FINE_FRACTION * dust) * noise(3);
      const pm10 = Math.max(
        pm25,
        (climate(P.MONTHLY_PM10, day) * w.pmFactor *
            (1 - S.pm10WindAmplitude / 2 + S.pm10WindAmplitude * afternoon) + dust) * noise(4),
      );
      const sun = bump(hour, S.ozoneSunrise, S.ozoneSunHours) ** S.ozoneShapePower;
      const ozone = climate(P.MONTHLY_OZONE_PEAK, day) * w.ozoneFactor *
        (S.ozoneNightFraction + (1 - S.ozoneNightFraction) * sun) *
        Math.exp(S.hourlyOzoneLogSd * normalAt(seed, id, hourNo, 5));
      rows.push({
        ts: new Date(t),
        temperatureC: temp,
        relativeHumidity: relativeHumidity(temp, dew),
        pm25,
        pm10,
        ozone,
      });
    }
    out.set(loc.key, rows);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

// The event-load model is a domain model (domain/event_load.ts); the simulator draws from it.
export {
  type EventLoad,
  eventTiming,
  eventTypeRates,
  expectedEventLoad,
  type SimEvent,
  transferShares,
} from "../domain/event_load.ts";
import {
  eventTiming,
  expectedEventLoad,
  type SimEvent,
  transferShares,
} from "../domain/event_load.ts";

// ---------------------------------------------------------------------------------------------
// ED arrivals
// ---------------------------------------------------------------------------------------------

export interface SimHospital {
  code: string;
  lat: number;
  lon: number;
  edBeds: number;
  timezone: string;
}

export interface ArrivalHour {
  ts: Date;
  edArrivals: number;
  ambulanceArrivals: number;
  edOccupancy: number;
  bedsAvailable: number;
  /** Expected arrivals this hour (all effects, before sampling). */
  mean: number;
  /** The part of `mean` due to events. */
  eventMean: number;
}

interface TrailingEnvironment {
  meanTempC: number;
  maxTempC: number;
  pm25: number;
  ozonePpb8h: number;
}

/** Environment lookups for one hospital: trailing 24 h means and max, and hourly heat index. */
function environmentIndex(rows: readonly EnvironmentHour[] | undefined) {
  const start = rows?.length ? rows[0].ts.getTime() : 0;
  const at = (t: number) => {
    if (!rows?.length) return -1;
    const i = Math.round((t - start) / HOUR_MS);
    return i >= 0 && i < rows.length ? i : -1;
  };
  const trailing = (t: number): TrailingEnvironment | null => {
    const i = at(t);
    if (i < 0 || !rows) return null;
    let temp = 0, max = -Infinity, pm = 0, o3 = 0, n = 0;
    for (let j = Math.max(0, i - 23); j <= i; j++) {
      temp += rows[j].temperatureC;
      max = Math.max(max, rows[j].temperatureC);
      pm += rows[j].pm25;
      n++;
    }
    for (let j = Math.max(0, i - 7); j <= i; j++) o3 += rows[j].ozone / Math.min(8, i + 1);
    return { meanTempC: temp / n, maxTempC: max, pm25: pm / n, ozonePpb8h: ozoneUgm3ToPpb(o3) };
  };
  const heatIndexF = (t: number) => {
    const i = at(t);
    if (i < 0 || !rows) return null;
    return computeHeatIndexF(celsiusToFahrenheit(rows[i].temperatureC), rows[i].relativeHumidity);
  };
  return { trailing, heatIndexF };
}

/** Community multiplier of ED visits from heat and air quality (DOMAIN.md effects). */
function environmentFactor(env: TrailingEnvironment | null): number {
  if (!env) return 1;
  const heat = (1 + P.HEAT_ED_PER_DEGREE) ** Math.max(0, env.meanTempC - P.HEAT_OPTIMUM_C) *
    (env.maxTempC >= P.EXTREME_HEAT_THRESHOLD_C ? 1 + P.EXTREME_HEAT_ED_EXTRA : 1);
  const pm10s = Math.max(0, env.pm25 - P.PM25_REFERENCE_UGM3) / 10;
  const o3 = Math.max(0, env.ozonePpb8h - P.OZONE_REFERENCE_PPB) / 20;
  const air = 1 + P.ASTHMA_VISIT_SHARE * ((1 + P.PM25_ASTHMA_PER_10) ** pm10s - 1) +
    P.RESPIRATORY_VISIT_SHARE * ((1 + P.PM25_RESPIRATORY_PER_10) ** pm10s - 1) +
    P.ASTHMA_VISIT_SHARE * ((1 + P.OZONE_ASTHMA_PER_20PPB) ** o3 - 1);
  return heat * air;
}

const weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Local hour and weekday (0 = Sunday) of an instant in a time zone, memoised per call. */
function localClock(): (tz: string, t: number) => { hour: number; weekday: number } {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const cache = new Map<string, { hour: number; weekday: number }>();
  return (tz, t) => {
    const key = `${tz}|${t}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let f = formats.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: tz,
        hour: "numeric",
        hourCycle: "h23",
        weekday: "short",
      });
      formats.set(tz, f);
    }
    const parts = f.formatToParts(new Date(t));
    const value = {
      hour: Number(parts.find((p) => p.type === "hour")?.value ?? 0) % 24,
      weekday: weekdayNames.indexOf(parts.find((p) => p.type === "weekday")?.value ?? "Sun"),
    };
    cache.set(key, value);
    return value;
  };
}

function seasonalFactor(t: number): number {
  const date = new Date(t);
  const dayOfYear = (t - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  return 1 + P.SEASONAL_AMPLITUDE *
      Math.cos(2 * Math.PI * (dayOfYear - P.SEASONAL_PEAK_DAY_OF_YEAR) / 365.25);
}

/** Hourly ED arrivals per hospital over [from, to), keyed by hospital code. */
export function simulateArrivals(
  hospitals: readonly SimHospital[],
  events: readonly SimEvent[],
  environmentByHospital: ReadonlyMap<string, readonly EnvironmentHour[]>,
  from: Date,
  to: Date,
  seed: number,
): Map<string, ArrivalHour[]> {
  const first = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS;
  const envIndex = new Map(
    hospitals.map((h) => [h.code, environmentIndex(environmentByHospital.get(h.code))]),
  );

  // Event load per hospital per hour.
  const eventLoad = new Map<string, Map<number, number>>(hospitals.map((h) => [h.code, new Map()]));
  const horizon = (P.EVENT_TO_ED_LAG_HOURS + P.EVENT_SPILLOVER_HOURS + 1) * HOUR_MS;
  for (const e of events) {
    if (e.endsAt.getTime() + horizon < first || e.startsAt.getTime() >= to.getTime()) continue;
    const shares = transferShares(e, hospitals);
    if (shares.size === 0) continue;
    const nearest = [...shares].sort((a, b) => b[1] - a[1])[0][0];
    const hi = envIndex.get(nearest)!.heatIndexF;
    let hiSum = 0, hiN = 0;
    for (let t = e.startsAt.getTime(); t < e.endsAt.getTime(); t += HOUR_MS) {
      const v = hi(Math.floor(t / HOUR_MS) * HOUR_MS);
      if (v === null) continue;
      hiSum += v;
      hiN++;
    }
    const load = expectedEventLoad(e, hiN ? hiSum / hiN : undefined);
    for (const [t, share] of eventTiming(e)) {
      for (const [code, s] of shares) {
        const m = eventLoad.get(code)!;
        m.set(t, (m.get(t) ?? 0) + load.toEd * share * s);
      }
    }
  }

  const clock = localClock();
  const out = new Map<string, ArrivalHour[]>();
  for (const h of hospitals) {
    const stream = hashString(h.code);
    const perHour = h.edBeds * P.ARRIVALS_PER_ED_BED_PER_DAY / 24;
    const stay = Math.exp(-1 / P.ED_LENGTH_OF_STAY_HOURS);
    let occupancy = perHour * P.ED_LENGTH_OF_STAY_HOURS;
    const env = envIndex.get(h.code)!;
    const loads = eventLoad.get(h.code)!;
    const rows: ArrivalHour[] = [];
    for (let t = first; t < to.getTime(); t += HOUR_MS) {
      const { hour, weekday } = clock(h.timezone, t);
      const base = perHour * P.HOURLY_PROFILE[hour] * P.WEEKDAY_PROFILE[weekday] *
        seasonalFactor(t) * environmentFactor(env.trailing(t));
      const eventMean = loads.get(t) ?? 0;
      const mean = base + eventMean;
      const rng = mulberry32(mix(seed, stream, t / HOUR_MS));
      const lambda = mean * gamma(P.ARRIVALS_NB_SHAPE, rng) / P.ARRIVALS_NB_SHAPE;
      const arrivals = poisson(lambda, rng);
      const ambulanceMean = base * P.AMBULANCE_SHARE +
        eventMean / (1 + P.SELF_PRESENTATIONS_PER_TRANSFER);
      const ambulance = binomial(arrivals, mean > 0 ? ambulanceMean / mean : 0, rng);
      occupancy = occupancy * stay + arrivals;
      const occupied = Math.round(occupancy);
      rows.push({
        ts: new Date(t),
        edArrivals: arrivals,
        ambulanceArrivals: ambulance,
        edOccupancy: occupied,
        bedsAvailable: Math.max(0, h.edBeds - occupied),
        mean,
        eventMean,
      });
    }
    out.set(h.code, rows);
  }
  return out;
}
