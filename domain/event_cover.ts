/**
 * On-site medical cover of a mass gathering by the crowd present on a day and the event's type:
 * what the event's medical plan should hold whether or not its transfers reach any ED. Sources:
 * - UK Event Safety Guide ("Purple Guide", HSE 1999, chapter on medical, ambulance and first-aid
 *   management) first-aid ratios, as UK event medical providers still restate them: 2 first
 *   aiders per 1,000 up to 3,000 people (never fewer than 2); 6 for the first 3,000 and 1 per
 *   further 1,000 above; paramedic- or nurse-led cover above 2,000 people, doctor-led above
 *   10,000; site ambulance(s) for transfers at events of several thousand.
 * - The current Purple Guide (Events Industry Forum, 2014 on) tiers events 1–5 by size and risk
 *   (tier 5: over 10,000 or multi-day festivals) and asks for a medical needs assessment: these
 *   figures are a starting point, not the assessment.
 * - Hartman's score and Arbon's model (DOMAIN.md): event type, alcohol and setting move the
 *   workload more than crowd size, hence the type factor below.
 * Figures marked "assumed" are uncertain and meant to be set by each organisation's medical
 * director (they are exported constants, cited in the recommendation's evidence).
 */
import type { EventType } from "../models/events.ts";

/** Events below this many people present on a day raise no event item at all (tier 1: basic first aid). */
export const MIN_PLANNED_ATTENDANCE = 500;
/** From this crowd on, an on-site medical cover item is raised whatever the transfers (paramedic-led). */
export const COVER_MIN_ATTENDANCE = 2_000;
/** Above this crowd cover should be doctor-led (Purple Guide 1999 as restated). */
export const DOCTOR_LED_ATTENDANCE = 10_000;

/**
 * Workload factor of an event type relative to a seated concert or match (assumed; direction
 * from DOMAIN.md: festivals and endurance events present 10–50× more per head than spectators).
 */
export const COVER_TYPE_FACTOR: Record<EventType, number> = {
  music_festival: 1.5,
  marathon: 1.5,
  concert: 1,
  sports: 1,
  religious: 1,
  fair: 1,
  other: 1,
};
/** Alcohol on sale adds this factor (Hartman score driver; assumed). */
export const COVER_ALCOHOL_FACTOR = 1.25;
/** One paramedic (or nurse) and one doctor per this many people above the led thresholds (assumed). */
export const PEOPLE_PER_PARAMEDIC = 5_000;
export const PEOPLE_PER_DOCTOR = 25_000;
/** One site ambulance per this many people from COVER_MIN_ATTENDANCE (assumed). */
export const PEOPLE_PER_SITE_AMBULANCE = 25_000;

export interface MedicalCover {
  /** Purple Guide tier 1–5 by crowd (a high-risk type moves one tier up). */
  tier: number;
  firstAiders: number;
  paramedicsOrNurses: number;
  doctors: number;
  siteAmbulances: number;
  led: "first aiders" | "paramedic or nurse" | "doctor";
  source: string;
}

/** Purple Guide 1999 first aiders for a crowd: 2 per 1,000 to 3,000, then 6 + 1 per 1,000. */
export function firstAidersFor(people: number): number {
  if (people <= 3_000) return Math.max(2, Math.ceil(people / 1000 * 2));
  return 6 + Math.ceil((people - 3_000) / 1000);
}

/** The cover an event of this type needs for its crowd present on a day. */
export function medicalCover(
  e: { type: EventType; alcohol: boolean },
  peoplePerDay: number,
): MedicalCover {
  const risk = COVER_TYPE_FACTOR[e.type] * (e.alcohol ? COVER_ALCOHOL_FACTOR : 1);
  const people = Math.max(0, peoplePerDay);
  const size = people < 500 ? 1 : people < 2_000 ? 2 : people < 5_000 ? 3 : people < 10_000 ? 4 : 5;
  const tier = Math.min(5, size + (COVER_TYPE_FACTOR[e.type] > 1 ? 1 : 0));
  const led = people > DOCTOR_LED_ATTENDANCE
    ? "doctor"
    : people > COVER_MIN_ATTENDANCE
    ? "paramedic or nurse"
    : "first aiders";
  const scaled = (n: number) => Math.ceil(n * risk);
  return {
    tier,
    firstAiders: scaled(firstAidersFor(people)),
    paramedicsOrNurses: led === "first aiders"
      ? 0
      : scaled(Math.max(1, people / PEOPLE_PER_PARAMEDIC)),
    doctors: led === "doctor" ? scaled(Math.max(1, people / PEOPLE_PER_DOCTOR)) : 0,
    siteAmbulances: people >= COVER_MIN_ATTENDANCE
      ? Math.max(1, Math.ceil(people / PEOPLE_PER_SITE_AMBULANCE))
      : 0,
    led,
    source: "UK Event Safety Guide (Purple Guide, HSE 1999) first-aid ratios; Purple Guide " +
      "tiers (2014 on); type and alcohol factors assumed (Hartman, Arbon: DOMAIN.md)",
  };
}

const count = new Intl.NumberFormat("en-US");

/** "30,000 a day × 3 days" or "90,000 in total over 3 days (about 30,000 a day)". */
export function attendanceWords(
  e: { expectedAttendance: number; attendanceBasis?: "perDay" | "total"; days: number },
): string {
  const n = count.format(e.expectedAttendance);
  const days = `${e.days} day${e.days === 1 ? "" : "s"}`;
  if (e.days === 1) return n;
  return e.attendanceBasis === "perDay"
    ? `${n} a day × ${days}`
    : `${n} in total over ${days} (about ${
      count.format(Math.round(e.expectedAttendance / e.days))
    } a day)`;
}

/** One line of the cover a crowd needs, for event pages and briefings. */
export function coverLine(c: MedicalCover): string {
  const parts = [
    `${c.firstAiders} first aiders`,
    c.paramedicsOrNurses ? `${c.paramedicsOrNurses} paramedics or nurses` : "",
    c.doctors ? `${c.doctors} doctor${c.doctors === 1 ? "" : "s"}` : "",
    c.siteAmbulances
      ? `${c.siteAmbulances} site ambulance${c.siteAmbulances === 1 ? "" : "s"}`
      : "",
  ].filter(Boolean);
  return `${parts.join(", ")} — ${c.led}-led, Purple Guide tier ${c.tier}`;
}
