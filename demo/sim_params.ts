/**
 * Every constant of the demo simulator (demo/simulator.ts), with its source. Figures cited as
 * "DOMAIN.md" come from the published studies restated in /work/shared/DOMAIN.md; anything
 * marked "uncertain, assumed" is a plausible choice for the demo, not a published value.
 */
import * as PRIORS from "../ml/priors.ts";

// ---------------------------------------------------------------------------------------------
// Mass gatherings: patient presentation rate (PPR) and transfers to hospital (TTHR), per 1,000.
// ---------------------------------------------------------------------------------------------

// The event-load model's constants are domain facts (domain/event_load.ts); the demo uses them.
export {
  ALCOHOL_RATE_RATIO,
  EVENT_SPILLOVER_HOURS,
  EVENT_SPILLOVER_SHARE,
  EVENT_TO_ED_LAG_HOURS,
  EVENT_TYPE_PARAMS,
  type EventSetting,
  type EventTypeParams,
  HEAT_INDEX_RATE_RATIO_PER_10,
  HEAT_INDEX_REFERENCE_F,
  NO_FREE_WATER_RATE_RATIO,
  OUTDOOR_RATE_RATIO,
  SELF_PRESENTATIONS_PER_TRANSFER,
  TRANSFER_DISTANCE_DECAY_KM,
  TRANSFER_MAX_DISTANCE_KM,
  UNBOUNDED_RATE_RATIO,
} from "../domain/event_load.ts";

// ---------------------------------------------------------------------------------------------
// Community ED baseline (hospital side).
// ---------------------------------------------------------------------------------------------

/** Mean ED arrivals per ED bed per day (uncertain, assumed; typical US EDs see 1,000/bed/yr). */
export const ARRIVALS_PER_ED_BED_PER_DAY = 2.5;

/**
 * Relative arrivals by local hour (mean 1): trough 4–6 am, peak late morning to evening — the
 * shape every ED arrival study reports; exact values uncertain, assumed.
 */
export const HOURLY_PROFILE = normalise([
  ...[0.62, 0.52, 0.45, 0.4, 0.37, 0.38, 0.48, 0.7, 0.98, 1.22, 1.36, 1.42], // 00–11 h
  ...[1.42, 1.38, 1.35, 1.33, 1.32, 1.31, 1.3, 1.27, 1.18, 1.05, 0.91, 0.75], // 12–23 h
]);

/** Relative arrivals by local weekday, Sunday first (mean 1): Monday highest (assumed values). */
export const WEEKDAY_PROFILE = normalise([0.95, 1.1, 1.03, 1.0, 0.99, 0.98, 0.95]);

/**
 * Winter visitors ("snowbirds") swell the Coachella Valley population: seasonal amplitude ±10%,
 * peak mid-February (day of year 45). Uncertain, assumed.
 */
export const SEASONAL_AMPLITUDE = 0.1;
export const SEASONAL_PEAK_DAY_OF_YEAR = 45;

/**
 * Negative-binomial shape k of hourly arrivals (gamma-Poisson): variance = μ + μ²/k.
 * ED counts are overdispersed (DOMAIN.md: overdispersed models); k itself is uncertain, assumed.
 */
export const ARRIVALS_NB_SHAPE = 12;

/** Share of ED arrivals by ambulance (15–20% in US EDs; 17% assumed). */
export const AMBULANCE_SHARE = 0.17;

/** Mean hours a patient occupies an ED bed, boarding included (uncertain, assumed). */
export const ED_LENGTH_OF_STAY_HOURS = PRIORS.ED_LENGTH_OF_STAY_HOURS;

/** All-cause ED visits +1.8% per +1 °C above the optimum, same day (DOMAIN.md). */
export const HEAT_ED_PER_DEGREE = PRIORS.HEAT_ED_PER_DEGREE;
/** Optimum daily mean temperature (°C) for the low desert: uncertain, assumed. */
export const HEAT_OPTIMUM_C = 27;
/** Extreme-heat day: all-cause ED visits +7.8% (DOMAIN.md, US adults 2010–2019). */
export const EXTREME_HEAT_ED_EXTRA = PRIORS.EXTREME_HEAT_ED_EXTRA;
/**
 * 95th percentile of warm-season daily maximum in the low desert, ≈45 °C (uncertain, assumed from
 * Palm Springs climate; DOMAIN.md defines extreme heat by this percentile).
 */
export const EXTREME_HEAT_THRESHOLD_C = 45;

/** PM2.5: asthma ED visits +1.5% per +10 µg/m³ (DOMAIN.md). */
export const PM25_ASTHMA_PER_10 = PRIORS.PM25_ASTHMA_PER_10;
/** PM2.5: respiratory ED visits ≈ +1% per +10 µg/m³ (DOMAIN.md). */
export const PM25_RESPIRATORY_PER_10 = 0.01;
/** Ozone: EMS-treated asthma ≈ +5% per +20 ppb (DOMAIN.md), applied to ED asthma visits. */
export const OZONE_ASTHMA_PER_20PPB = PRIORS.OZONE_ASTHMA_PER_20PPB;
/** Share of ED visits that are asthma (uncertain, assumed). */
export const ASTHMA_VISIT_SHARE = 0.02;
/** Share of ED visits that are respiratory, asthma excluded (uncertain, assumed). */
export const RESPIRATORY_VISIT_SHARE = 0.08;
/** Clean-air references below which pollution adds nothing (assumed background levels). */
export const PM25_REFERENCE_UGM3 = PRIORS.PM25_REFERENCE_UGM3;
export const OZONE_REFERENCE_PPB = PRIORS.OZONE_REFERENCE_PPB;

// ---------------------------------------------------------------------------------------------
// Coachella Valley climate (not in DOMAIN.md: approximate Palm Springs climate normals, rounded;
// illustrative). Index 0 = January.
// ---------------------------------------------------------------------------------------------

/** Mean daily maximum temperature, °C, at ~100 m elevation. */
export const MONTHLY_HIGH_C = [21, 23, 27, 31, 36, 41, 42.5, 42, 39, 33, 26, 20.5];
/** Mean daily minimum temperature, °C. */
export const MONTHLY_LOW_C = [7.5, 9, 12, 15, 19.5, 23.5, 27, 26.5, 23, 17, 11, 7];
/** Mean dew point, °C (July–September raised by the North American monsoon). */
export const MONTHLY_DEWPOINT_C = [0, 0, 0, 1, 2, 4, 10, 12, 8, 4, 0, -1];
/** Background PM2.5, µg/m³ (winter inversions a little higher). */
export const MONTHLY_PM25 = [9, 8, 7, 7, 7, 7, 7.5, 7.5, 7.5, 7.5, 9, 10];
/** Background PM10, µg/m³ (windblown dust is the valley's main PM10 source). */
export const MONTHLY_PM10 = [20, 23, 30, 33, 32, 30, 30, 29, 27, 25, 22, 20];
/** Afternoon ozone peak, µg/m³ (≈ 40–80 ppb; summer ozone is the valley's main air problem). */
export const MONTHLY_OZONE_PEAK = [80, 90, 110, 125, 140, 150, 155, 155, 140, 115, 90, 78];

/** Temperature lapse rate, °C per km of elevation above the 100 m reference (standard). */
export const LAPSE_RATE_C_PER_KM = 6.5;

/** Episodes: per-day start probability by month (index 0 = Jan), length range, strength. */
export interface EpisodeParams {
  startProbability: readonly number[];
  minDays: number;
  maxDays: number;
}

/** Hot spells (+2–5 °C on highs), May–September. Uncertain, assumed. */
export const HOT_SPELL: EpisodeParams = {
  startProbability: [0, 0, 0, 0.005, 0.02, 0.025, 0.025, 0.025, 0.02, 0.005, 0, 0],
  minDays: 3,
  maxDays: 5,
};
export const HOT_SPELL_HIGH_C = [2, 5] as const;

/** Monsoon moisture surges (+4–8 °C dew point), July–September. Uncertain, assumed. */
export const MONSOON_SURGE: EpisodeParams = {
  startProbability: [0, 0, 0, 0, 0, 0.01, 0.07, 0.07, 0.04, 0, 0, 0],
  minDays: 2,
  maxDays: 4,
};
export const MONSOON_DEWPOINT_C = [4, 8] as const;

/** Wildfire smoke (+20–90 µg/m³ PM2.5), mostly June–October. Uncertain, assumed. */
export const SMOKE: EpisodeParams = {
  startProbability: [0.002, 0.002, 0.002, 0.003, 0.005, 0.015, 0.02, 0.02, 0.02, 0.015, 0.005, 0],
  minDays: 2,
  maxDays: 5,
};
export const SMOKE_PM25 = [20, 90] as const;

/** Wind-blown dust (+80–350 µg/m³ PM10 in the afternoon), spring windiest. Uncertain, assumed. */
export const DUST: EpisodeParams = {
  startProbability: [0.01, 0.02, 0.04, 0.05, 0.04, 0.03, 0.01, 0.01, 0.01, 0.015, 0.015, 0.01],
  minDays: 1,
  maxDays: 2,
};
export const DUST_PM10 = [80, 350] as const;
/** Share of dust PM10 that is fine (PM2.5) — coarse dust is mostly PM10 (assumed). */
export const DUST_FINE_FRACTION = 0.15;

/** Shape of the hourly environment (all uncertain, assumed; chosen to look like desert data). */
export const ENV_SHAPE = {
  /** Solar hours of the daily minimum and maximum temperature. */
  minTempHour: 6,
  maxTempHour: 15,
  /** Hour-to-hour temperature noise, °C, and a fixed per-location offset, °C. */
  hourlyTempSdC: 0.3,
  locationBiasSdC: 0.5,
  /** Dew point lapse, °C per km, and hour-to-hour dew point noise, °C. */
  dewLapseCPerKm: 2,
  hourlyDewSdC: 0.6,
  /** PM2.5 is highest around 07:00 under the morning inversion: ±30%. */
  pm25InversionAmplitude: 0.3,
  pm25InversionPeakHour: 7,
  /** PM10 and dust follow the afternoon wind (11:00–21:00). */
  windStartHour: 11,
  windHours: 10,
  pm10WindAmplitude: 0.35,
  /** Day-to-day log-sd of particulates and ozone. */
  dailyPmLogSd: 0.3,
  dailyOzoneLogSd: 0.12,
  /** Hour-to-hour log-sd of particulates and ozone. */
  hourlyPmLogSd: 0.2,
  hourlyOzoneLogSd: 0.08,
  /** Ozone: night-time share of the afternoon peak; photochemistry 07:00–20:00. */
  ozoneNightFraction: 0.3,
  ozoneSunrise: 7,
  ozoneSunHours: 13,
  /** Exponent that narrows the afternoon ozone peak. */
  ozoneShapePower: 1.3,
  /** Ozone boost during hot spells and smoke. */
  ozoneHotSpellFactor: 1.1,
  ozoneSmokeFactor: 1.1,
  /** Hot-spell share added to nightly lows. */
  hotSpellLowShare: 0.6,
  /** Daily low anomaly = 0.7 × the high's anomaly + 0.5 × its own (in units of the high's sd). */
  lowFollowsHigh: 0.7,
  lowOwnAnomaly: 0.5,
  /** Dust: 0.3 of the episode's PM10 at night, up to 1.5 in the windy afternoon. */
  dustNightShare: 0.3,
  dustAfternoonBoost: 1.2,
  /** Smoke settles overnight: ±20% around 08:00. */
  smokeAmplitude: 0.2,
  smokePeakHour: 8,
} as const;

/** Standard deviations of day-to-day anomalies (assumed). */
export const DAILY_HIGH_SD_C = 2.2;
export const DAILY_DEWPOINT_SD_C = 2.5;
/** Persistence of daily anomalies (lag-1 correlation of the AR(1)-like series; assumed). */
export const DAILY_PERSISTENCE = 0.7;

function normalise(values: number[]): readonly number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => v / mean);
}
