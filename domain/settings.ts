/**
 * An organisation's planning settings: the figures the census, the readiness levels, the plan
 * agents and the alerts read. Every field has a documented default and its source (DOMAIN.md);
 * values marked "assumed" are uncertain and meant to be set by each organisation. Pure data: the
 * browser's what-if imports it too.
 */
import type { NedocsBand } from "./nedocs.ts";

export interface OrgSettings {
  /** Mean ED length of stay, hours (arrival to departure, discharged and admitted together). */
  lengthOfStayHours: number;
  /** Coefficient of variation (sd ÷ mean) of the lognormal length of stay. */
  lengthOfStayCv: number;
  /** Use the hospital's own mean stay (Little's law on its history) where it has enough. */
  estimateLengthOfStay: boolean;
  /** ED patients per registered nurse. */
  patientsPerNurse: number;
  /** New ED patients one emergency physician sees per hour. */
  patientsPerPhysicianHour: number;
  /** Local hours at which nursing shifts start, ascending (07–19 and 19–07 by default). */
  shiftStartHours: number[];
  /** Surge beds at most, as a share of staffed ED beds. */
  maxSurgeShare: number;
  /** Hours one ambulance is busy per transfer (scene, transport, handover, return). */
  ambulanceCycleHours: number;
  /** A capacity alert is raised when the median census reaches this share of staffed beds. */
  capacityAlertShare: number;
  /** Heat index (°C) from which a heat alert is raised. */
  heatAlertIndexC: number;
  /** US AQI from which an air-quality alert is raised. */
  aqiAlert: number;
  /** Time zone of organisation-wide pages (hospital pages use the hospital's own). */
  timezone: string;
  /** Hours without new data after which a hospital's readiness is "unknown" (data alert). */
  dataStaleHours: number;
  /** An open alert clears only once its condition is below the threshold by this share. */
  alertClearMargin: number;
  /** ... and has stayed there this many hours (no flapping around a threshold). */
  alertClearHours: number;
  /** NEDOCS band from which a `nedocs` alert is raised, or "off". */
  nedocsAlertBand: NedocsBand | "off";
}

export type SettingName = keyof OrgSettings;

/** The defaults, each with where it comes from. */
export const SETTING_DOCS: { [K in SettingName]: { default: OrgSettings[K]; source: string } } = {
  lengthOfStayHours: {
    default: 4.5,
    source: "Mix of discharged patients (median 2.5–3 h, CMS OP-18b) and admitted ones incl. " +
      "boarding (5–6 h, CMS ED-1b), about four in five discharged (assumed). Estimated from the " +
      "hospital's own occupancy and arrivals (Little's law) where it reports both.",
  },
  lengthOfStayCv: {
    default: 1,
    source: "Lognormal spread (sd = mean, σ ≈ 0.83): ED stays are right-skewed (DOMAIN.md); " +
      "uncertain, assumed.",
  },
  estimateLengthOfStay: {
    default: true,
    source: "Little's law: mean census = arrival rate × mean stay (DOMAIN.md).",
  },
  patientsPerNurse: {
    default: 4,
    source: "California Title 22 §70217: at most 4 ED patients per RN (DOMAIN.md).",
  },
  patientsPerPhysicianHour: {
    default: 2.5,
    source: "Common planning figure of 2–3 new patients per emergency physician per hour; " +
      "uncertain, assumed.",
  },
  shiftStartHours: {
    default: [7, 19],
    source: "12-hour shifts 07–19 and 19–07 (DOMAIN.md: staff are planned per shift).",
  },
  maxSurgeShare: {
    default: 0.2,
    source: "HHS ASPR Hospital Preparedness Program: about 20 % of staffed beds within 4 h; " +
      "more is not a realistic plan (DOMAIN.md).",
  },
  ambulanceCycleHours: {
    default: 1.5,
    source: "Scene, transport, handover and return; uncertain, assumed.",
  },
  capacityAlertShare: {
    default: 1,
    source: "Median census at 100 % of staffed beds: the ED more likely full than not. Lower " +
      "it (e.g. 0.9) to be warned earlier; hours whose p90 exceeds the beds are shown as " +
      '"elevated" on the board and in plans either way.',
  },
  heatAlertIndexC: {
    default: 39,
    source: 'NWS heat index category "danger" (103 °F ≈ 39 °C).',
  },
  aqiAlert: {
    default: 151,
    source: 'EPA AQI "unhealthy" for everyone (2024 table, DOMAIN.md).',
  },
  timezone: {
    default: "UTC",
    source: "Organisation-wide pages (alerts, plans); unset: the zone most of the " +
      "organisation's hospitals use, else UTC. Each hospital's own zone is used on its pages.",
  },
  dataStaleHours: {
    default: 6,
    source: "Hourly uploads: six missed hours is past any upload delay (assumed); beyond it the " +
      "census would rest on an occupancy that no longer describes the ED.",
  },
  alertClearMargin: {
    default: 0.1,
    source: "Hysteresis: an alert raised at its threshold clears only below 90 % of it " +
      "(capacity share, heat index, AQI), so a value wavering around the threshold does not " +
      "raise and resolve it again and again; assumed.",
  },
  alertClearHours: {
    default: 3,
    source: "Hysteresis: the condition must stay below the clearing level for three hours " +
      "(assumed; one refresh cycle is not an all-clear).",
  },
  nedocsAlertBand: {
    default: "overcrowded",
    source: 'NEDOCS 101–140 is "overcrowded" (Weiss 2004, DOMAIN.md): the band from which ' +
      "regional boards expect the ED to ask for help. Only hospitals that report every NEDOCS " +
      'input are scored; "off" raises no NEDOCS alert.',
  },
};

export const DEFAULT_SETTINGS: OrgSettings = Object.fromEntries(
  Object.entries(SETTING_DOCS).map(([k, v]) => [k, v.default]),
) as unknown as OrgSettings;

/** Stored overrides over the defaults (unknown or null fields fall back to the default). */
export function effectiveSettings(stored: Partial<Record<string, unknown>> | null): OrgSettings {
  const out = { ...DEFAULT_SETTINGS, shiftStartHours: [...DEFAULT_SETTINGS.shiftStartHours] };
  for (const key of Object.keys(DEFAULT_SETTINGS) as SettingName[]) {
    const v = stored?.[key];
    if (v !== undefined && v !== null) (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** Surge beds the plan may ask for: the configured share of staffed beds, rounded down. */
export function maxSurgeBeds(edBeds: number, s: Pick<OrgSettings, "maxSurgeShare">): number {
  return Math.floor(edBeds * s.maxSurgeShare + 1e-9);
}

/** The settings one recommendation used, named with their values (for its evidence). */
export function settingsUsed<K extends SettingName>(
  s: OrgSettings,
  names: readonly K[],
): Pick<OrgSettings, K> {
  return Object.fromEntries(names.map((n) => [n, s[n]])) as Pick<OrgSettings, K>;
}
