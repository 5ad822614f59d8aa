/**
 * The documented event-load model: expected on-site presentations, transfers and ED arrivals of
 * a mass gathering from its type's published patient presentation rate (PPR) and transfer rate
 * (TTHR), adjusted for its setting and heat, spread over its hours and shared among nearby
 * hospitals. Figures cited as "DOMAIN.md" come from the studies restated in the project's
 * DOMAIN.md; "uncertain, assumed" marks plausible choices, not published values. Used by the
 * forecaster (as a prior effect), the plan agents, the event pages and the demo simulator.
 */
import { haversineKm } from "./grid.ts";
import type { EventType, FestEvent } from "../models/events.ts";

const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Patient presentation rate (PPR) and transfers to hospital (TTHR), per 1,000 attendees.
// ---------------------------------------------------------------------------------------------

/** The setting a type's PPR was measured in; modifiers apply only to departures from it. */
export interface EventSetting {
  outdoor: boolean;
  bounded: boolean;
  alcohol: boolean;
  freeWater: boolean;
}

export interface EventTypeParams {
  /** Patient presentations per 1,000 attendees (per event day). */
  ppr: number;
  /** Transfers to hospital per 1,000 attendees (per event day). */
  tthr: number;
  /** Setting of the studies behind ppr (uncertain, assumed from the study descriptions). */
  reference: EventSetting;
  source: string;
}

/** Arbon 2001: 2.7% of presentations go to hospital; used where a type has no TTHR of its own. */
const ARBON_TRANSFER_SHARE = 0.027 / 0.992;

export const EVENT_TYPE_PARAMS: Record<EventType, EventTypeParams> = {
  music_festival: {
    // Turris 2018, multi-day North American music festivals: PPR 16.5, TTHR 0.25 (1.5%).
    // (An Austrian festival over 7 years: PPR median 12.0, TTHR 0.57 — same order.)
    ppr: 16.5,
    tthr: 0.25,
    reference: { outdoor: true, bounded: true, alcohol: true, freeWater: true },
    source: "Turris 2018 (DOMAIN.md)",
  },
  concert: {
    // 405 concerts: median 2.1 presentations per 10,000 = 0.21 per 1,000. TTHR: uncertain,
    // assumed Arbon's 2.7% transfer share.
    ppr: 0.21,
    tthr: 0.21 * ARBON_TRANSFER_SHARE,
    reference: { outdoor: false, bounded: true, alcohol: true, freeWater: true },
    source: "405-concert series (DOMAIN.md); TTHR uncertain, assumed (Arbon share)",
  },
  sports: {
    // Football matches ≈ 0.38 per 1,000. TTHR: uncertain, assumed Arbon's 2.7% share.
    ppr: 0.38,
    tthr: 0.38 * ARBON_TRANSFER_SHARE,
    reference: { outdoor: true, bounded: true, alcohol: true, freeWater: false },
    source: "football matches (DOMAIN.md); TTHR uncertain, assumed (Arbon share)",
  },
  marathon: {
    // Not in DOMAIN.md: uncertain, assumed (endurance events present far more per head than
    // spectator events). Keep configurable.
    ppr: 10,
    tthr: 0.3,
    reference: { outdoor: true, bounded: false, alcohol: false, freeWater: true },
    source: "uncertain, assumed",
  },
  religious: {
    // Not in DOMAIN.md: uncertain, assumed equal to Arbon 2001's large public events.
    ppr: 0.992,
    tthr: 0.027,
    reference: { outdoor: true, bounded: true, alcohol: false, freeWater: true },
    source: "uncertain, assumed (Arbon 2001 large public events)",
  },
  fair: {
    // City festival, Ghent 2013–2019 (8.67 M visitors): PPR 1.05. TTHR: uncertain, assumed
    // Arbon's 2.7% share.
    ppr: 1.05,
    tthr: 1.05 * ARBON_TRANSFER_SHARE,
    reference: { outdoor: true, bounded: false, alcohol: true, freeWater: false },
    source: "Ghent city festival (DOMAIN.md); TTHR uncertain, assumed (Arbon share)",
  },
  other: {
    // Arbon 2001, 201 large Australian public events: PPR 0.992, TTHR 0.027.
    ppr: 0.992,
    tthr: 0.027,
    reference: { outdoor: true, bounded: true, alcohol: false, freeWater: true },
    source: "Arbon 2001 (DOMAIN.md)",
  },
};

/** Outdoor vs indoor venue: ≈3× (US university study, overdispersed Poisson; DOMAIN.md). */
export const OUTDOOR_RATE_RATIO = 3;
/** Unbounded vs bounded venue: ≈3× (same US university study; DOMAIN.md). */
export const UNBOUNDED_RATE_RATIO = 3;
/** No free water: ≈1.7× (same study; DOMAIN.md). */
export const NO_FREE_WATER_RATE_RATIO = 1.7;
/** Alcohol: a Hartman-score driver with no coefficient in DOMAIN.md — uncertain, assumed. */
export const ALCOHOL_RATE_RATIO = 1.5;
/** Heat index: rate ratio ≈1.21 per +10 units (DOMAIN.md); units taken as °F (assumed). */
export const HEAT_INDEX_RATE_RATIO_PER_10 = 1.21;
/** Heat index (°F) below which no heat modifier applies: NWS "caution" band starts at 80 °F. */
export const HEAT_INDEX_REFERENCE_F = 80;

/**
 * Attendees who reach an ED on their own (taxi, friends, next morning) per ambulance transfer.
 * Uncertain, assumed: the studies count only on-site transfers.
 */
export const SELF_PRESENTATIONS_PER_TRANSFER = 1.0;
/** Hours from an on-site presentation to ED arrival (uncertain, assumed). */
export const EVENT_TO_ED_LAG_HOURS = 1;
/** Share of an event's ED load arriving after it ends (uncertain, assumed). */
export const EVENT_SPILLOVER_SHARE = 0.15;
/** Hours over which the spill-over tapers off linearly (uncertain, assumed). */
export const EVENT_SPILLOVER_HOURS = 6;

/**
 * Which hospital receives an event's patients: weight exp(−distance / 10 km), normalised over
 * hospitals within 80 km. Assumption: EMS take patients to the nearest appropriate ED and walk-in
 * patients mostly do too, so the nearest hospital gets most and a hospital 20–30 km farther gets a
 * few percent. Not from DOMAIN.md; calibrate with real transfer logs.
 */
export const TRANSFER_DISTANCE_DECAY_KM = 10;
export const TRANSFER_MAX_DISTANCE_KM = 80;

// ---------------------------------------------------------------------------------------------
// Load of one event
// ---------------------------------------------------------------------------------------------

/** What the event-load model needs of an event: everything but its id and display name. */
export type SimEvent = Omit<FestEvent, "id" | "name">;

export interface EventLoad {
  /** Expected on-site presentations. */
  onSite: number;
  /** Expected transfers to hospital (ambulance). */
  transfers: number;
  /** Expected ED arrivals: transfers plus attendees who present on their own. */
  toEd: number;
  /** Combined setting and heat modifier applied to the type's PPR. */
  modifier: number;
}

/** Rate ratio of an event's setting relative to the setting its type's PPR was measured in. */
function settingModifier(e: SimEvent, ref: EventSetting): number {
  const ratio = (actual: boolean, reference: boolean, rr: number) =>
    actual === reference ? 1 : actual ? rr : 1 / rr;
  return ratio(!e.indoor, ref.outdoor, OUTDOOR_RATE_RATIO) *
    ratio(!e.bounded, !ref.bounded, UNBOUNDED_RATE_RATIO) *
    ratio(e.alcohol, ref.alcohol, ALCOHOL_RATE_RATIO) *
    ratio(!e.freeWater, !ref.freeWater, NO_FREE_WATER_RATE_RATIO);
}

/** Days an event spans (a part-day counts as a day), at least one. */
export function eventDays(e: { startsAt: Date | string; endsAt: Date | string }): number {
  const hours = (new Date(e.endsAt).getTime() - new Date(e.startsAt).getTime()) / HOUR_MS;
  return Math.max(1, Math.ceil(hours / 24 - 1e-9));
}

type Attendance = Pick<FestEvent, "expectedAttendance" | "attendanceBasis" | "startsAt" | "endsAt">;

/**
 * Attendee-days: the exposure a per-day PPR applies to. `total` (the default, how attendance was
 * always read) is already the sum over the days; `perDay` is each day's crowd × the days.
 */
export function attendeeDays(e: Attendance): number {
  return e.attendanceBasis === "perDay"
    ? e.expectedAttendance * eventDays(e)
    : e.expectedAttendance;
}

/** The crowd present on one day: what on-site medical cover is sized for. */
export function dailyAttendance(e: Attendance): number {
  return e.attendanceBasis === "perDay"
    ? e.expectedAttendance
    : Math.round(e.expectedAttendance / eventDays(e));
}

/** Expected presentations of one event: attendee-days × PPR/1,000 × modifiers × transfer share. */
export function expectedEventLoad(e: SimEvent, heatIndexF?: number): EventLoad {
  const p = EVENT_TYPE_PARAMS[e.type];
  const heat = heatIndexF === undefined || e.indoor ? 1 : HEAT_INDEX_RATE_RATIO_PER_10 **
    (Math.max(0, heatIndexF - HEAT_INDEX_REFERENCE_F) / 10);
  const modifier = settingModifier(e, p.reference) * heat;
  const onSite = attendeeDays(e) * p.ppr / 1000 * modifier;
  const transfers = onSite * (p.tthr / p.ppr);
  return { onSite, transfers, toEd: transfers * (1 + SELF_PRESENTATIONS_PER_TRANSFER), modifier };
}

/** The published presentation and transfer rates of an event type, with their source. */
export function eventTypeRates(type: SimEvent["type"]) {
  const p = EVENT_TYPE_PARAMS[type];
  return { ppr: p.ppr, tthr: p.tthr, source: p.source };
}

/**
 * How much of its distance share a hospital takes by capability: EMS take event patients to the
 * nearest *appropriate* ED, so a trauma centre takes its full share and a small post little
 * (uncertain, assumed: calibrate with real transfer logs). Trauma level 1–4 (ACS verification
 * levels: 1 and 2 receive all injured patients, 3 stabilises, 4 is a stabilise-and-transfer
 * post); a hospital with no stated level counts as level 3.
 */
export const TRAUMA_LEVEL_WEIGHT: Record<1 | 2 | 3 | 4, number> = { 1: 1, 2: 1, 3: 0.7, 4: 0.25 };
/** Below this many staffed ED beds a hospital's share shrinks in proportion (assumed). */
export const FULL_SHARE_ED_BEDS = 10;

/** A hospital's capability weight (1 when neither its beds nor its level is known). */
export function capabilityWeight(h: { edBeds?: number; traumaLevel?: number | null }): number {
  if (h.edBeds === undefined && h.traumaLevel === undefined) return 1;
  const level = (h.traumaLevel ?? 3) as 1 | 2 | 3 | 4;
  const beds = h.edBeds === undefined ? 1 : Math.min(1, Math.max(0, h.edBeds) / FULL_SHARE_ED_BEDS);
  return (TRAUMA_LEVEL_WEIGHT[level] ?? TRAUMA_LEVEL_WEIGHT[3]) * beds;
}

/**
 * Share of an event's patients each hospital receives: distance decay (above) × capability
 * (trauma level and beds, where the caller knows them).
 */
export function transferShares(
  e: { lat: number; lon: number },
  hospitals: readonly {
    code: string;
    lat: number;
    lon: number;
    edBeds?: number;
    traumaLevel?: number | null;
  }[],
): Map<string, number> {
  const weights = new Map<string, number>();
  let total = 0;
  for (const h of hospitals) {
    const km = haversineKm(e, h);
    if (km > TRANSFER_MAX_DISTANCE_KM) continue;
    const w = Math.exp(-km / TRANSFER_DISTANCE_DECAY_KM) * capabilityWeight(h);
    weights.set(h.code, w);
    total += w;
  }
  for (const [code, w] of weights) weights.set(code, total > 0 ? w / total : 0);
  return weights;
}

/** Fraction of an event's ED load arriving in each hour (keys: hour start in ms). */
export function eventTiming(e: SimEvent): Map<number, number> {
  const out = new Map<number, number>();
  const add = (t: number, share: number) => out.set(t, (out.get(t) ?? 0) + share);
  const start = e.startsAt.getTime();
  const end = e.endsAt.getTime();
  const lag = EVENT_TO_ED_LAG_HOURS * HOUR_MS;
  const during = 1 - EVENT_SPILLOVER_SHARE;
  for (let t = Math.floor(start / HOUR_MS) * HOUR_MS; t < end; t += HOUR_MS) {
    const overlap = Math.min(end, t + HOUR_MS) - Math.max(start, t);
    add(t + lag, during * overlap / (end - start));
  }
  const n = EVENT_SPILLOVER_HOURS;
  const endHour = Math.ceil(end / HOUR_MS) * HOUR_MS;
  for (let j = 1; j <= n; j++) {
    add(
      endHour + lag + (j - 1) * HOUR_MS,
      EVENT_SPILLOVER_SHARE * (n + 1 - j) / (n * (n + 1) / 2),
    );
  }
  return out;
}
