/**
 * Domain priors the forecaster starts from (and the demo simulator uses): published effect sizes
 * restated in DOMAIN.md (shared/DOMAIN.md). The forecaster treats them as the starting point of
 * effects it then estimates from each history, shrunk towards these values where data are few.
 * Values marked "uncertain, assumed" are plausible choices, not published figures.
 */

/** Mean hours a patient occupies an ED bed, boarding included (uncertain, assumed; DOMAIN.md
 * gives 2.5–3 h median for discharged and 5–6 h for admitted patients, CMS OP-18b / ED-1b). */
export const ED_LENGTH_OF_STAY_HOURS = 5;

/** All-cause ED visits +1.8% per +1 °C above the optimum, same day (DOMAIN.md). */
export const HEAT_ED_PER_DEGREE = 0.018;
/** Extreme-heat day (95th percentile of local warm-season temperature): +7.8 % (DOMAIN.md). */
export const EXTREME_HEAT_ED_EXTRA = 0.078;
/** PM2.5: asthma ED visits +1.5% per +10 µg/m³ (DOMAIN.md). */
export const PM25_ASTHMA_PER_10 = 0.015;
/** Ozone: EMS-treated asthma ≈ +5% per +20 ppb (DOMAIN.md). */
export const OZONE_ASTHMA_PER_20PPB = 0.05;
/** Clean-air references below which pollution adds nothing (assumed background levels). */
export const PM25_REFERENCE_UGM3 = 5;
export const OZONE_REFERENCE_PPB = 40;

/**
 * Heat relative to the place (DOMAIN.md, NWS HeatRisk): a day counts as hot against the local
 * climatology for the time of year, not an absolute threshold. The forecaster's heat terms start
 * at these local percentiles of the daily mean (warm) and daily maximum (extreme) temperature.
 */
export const HEAT_WARM_PERCENTILE = 0.9;
export const HEAT_EXTREME_PERCENTILE = 0.95;

/**
 * Prior weight of the documented event load (PPR model, ml/sim_params.ts): 1 = trust it one to
 * one. The data may move it, also below zero (a match day can see fewer arrivals).
 */
export const EVENT_LOAD_PRIOR = 1;
