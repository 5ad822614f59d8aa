/**
 * The Coachella Valley, California demo region. Hospital names, venues, coordinates and event
 * calendars are public facts (coordinates approximate); bed and staff counts are ILLUSTRATIVE.
 */
import type { EventType, FestEvent } from "../models/events.ts";

export const DEMO_ORG_NAME = "Coachella Valley demo (illustrative)";
export const DEMO_TIMEZONE = "America/Los_Angeles";

export interface DemoHospital {
  code: string;
  name: string;
  lat: number;
  lon: number;
  /** Approximate ground elevation, m (used by the environment simulator). */
  elevationM: number;
  edBeds: number;
  icuBeds: number;
  staffBaseline: number;
  timezone: string;
}

/** A demo event before it is stored (no id yet). */
export type DemoEvent = Omit<FestEvent, "id">;

// Real hospitals with approximate coordinates. ILLUSTRATIVE: edBeds, icuBeds and staffBaseline
// are plausible for hospitals of these sizes, not the hospitals' real figures.
export const DEMO_HOSPITALS: readonly DemoHospital[] = [
  {
    code: "desert-regional",
    name: "Desert Regional Medical Center",
    lat: 33.8375,
    lon: -116.5457,
    elevationM: 150,
    edBeds: 50, // ILLUSTRATIVE
    icuBeds: 36, // ILLUSTRATIVE
    staffBaseline: 42, // ILLUSTRATIVE
    timezone: DEMO_TIMEZONE,
  },
  {
    code: "eisenhower",
    name: "Eisenhower Health",
    lat: 33.7627,
    lon: -116.4058,
    elevationM: 90,
    edBeds: 60, // ILLUSTRATIVE
    icuBeds: 40, // ILLUSTRATIVE
    staffBaseline: 48, // ILLUSTRATIVE
    timezone: DEMO_TIMEZONE,
  },
  {
    code: "jfk-memorial",
    name: "JFK Memorial Hospital",
    lat: 33.7155,
    lon: -116.2262,
    elevationM: 5,
    edBeds: 24, // ILLUSTRATIVE
    icuBeds: 12, // ILLUSTRATIVE
    staffBaseline: 20, // ILLUSTRATIVE
    timezone: DEMO_TIMEZONE,
  },
  {
    code: "hi-desert",
    name: "Hi-Desert Medical Center",
    lat: 34.1345,
    lon: -116.3128,
    elevationM: 830,
    edBeds: 14, // ILLUSTRATIVE
    icuBeds: 8, // ILLUSTRATIVE
    staffBaseline: 12, // ILLUSTRATIVE
    timezone: DEMO_TIMEZONE,
  },
  {
    code: "san-gorgonio",
    name: "San Gorgonio Memorial Hospital",
    lat: 33.9335,
    lon: -116.9295,
    elevationM: 700,
    edBeds: 14, // ILLUSTRATIVE
    icuBeds: 8, // ILLUSTRATIVE
    staffBaseline: 12, // ILLUSTRATIVE
    timezone: DEMO_TIMEZONE,
  },
];

/** Real venues, approximate coordinates and elevations. */
export const DEMO_VENUES = {
  empirePoloClub: { lat: 33.6803, lon: -116.2373, elevationM: 5 }, // Indio
  indianWellsTennisGarden: { lat: 33.7238, lon: -116.3057, elevationM: 25 },
  riversideCountyFairgrounds: { lat: 33.7206, lon: -116.2197, elevationM: 5 }, // Indio
  downtownPalmSprings: { lat: 33.8236, lon: -116.5466, elevationM: 145 }, // Palm Canyon Dr
} as const;

type Venue = { lat: number; lon: number };

interface Recurring {
  slug: string;
  name: string;
  type: EventType;
  venue: Venue;
  attendance: number;
  indoor: boolean;
  bounded: boolean;
  alcohol: boolean;
  freeWater: boolean;
}

const COACHELLA: Recurring = {
  slug: "coachella",
  name: "Coachella Valley Music and Arts Festival",
  type: "music_festival",
  venue: DEMO_VENUES.empirePoloClub,
  attendance: 125_000, // per day, public reports
  indoor: false,
  bounded: true,
  alcohol: true,
  freeWater: true, // refill stations on site
};

const STAGECOACH: Recurring = {
  ...COACHELLA,
  slug: "stagecoach",
  name: "Stagecoach Festival",
  attendance: 75_000, // per day, public reports
};

const BNP_PARIBAS_OPEN: Recurring = {
  slug: "bnp-paribas-open",
  name: "BNP Paribas Open",
  type: "sports",
  venue: DEMO_VENUES.indianWellsTennisGarden,
  attendance: 35_000, // per day (≈ 450–500k over the fortnight, public reports)
  indoor: false,
  bounded: true,
  alcohol: true,
  freeWater: true, // assumed
};

const DATE_FESTIVAL: Recurring = {
  slug: "date-festival",
  name: "Riverside County Fair & National Date Festival",
  type: "fair",
  venue: DEMO_VENUES.riversideCountyFairgrounds,
  attendance: 25_000, // per day (≈ 250k over 10 days), approximate
  indoor: false,
  bounded: true,
  alcohol: true,
  freeWater: false, // assumed
};

const PRIDE: Recurring = {
  slug: "palm-springs-pride",
  name: "Palm Springs Pride",
  type: "other",
  venue: DEMO_VENUES.downtownPalmSprings,
  attendance: 60_000, // per day, approximate
  indoor: false,
  bounded: false,
  alcohol: true,
  freeWater: false, // assumed
};

const FESTIVAL_OF_LIGHTS: Recurring = {
  slug: "festival-of-lights",
  name: "Palm Springs Festival of Lights Parade",
  type: "other",
  venue: DEMO_VENUES.downtownPalmSprings,
  attendance: 100_000, // spectators, public reports
  indoor: false,
  bounded: false,
  alcohol: false,
  freeWater: false,
};

/** The illustrative event placed ~30 h after `now` so that every 72 h forecast shows an event. */
const NIGHT_MARKET: Recurring = {
  slug: "desert-holiday-night-market",
  name: "Desert Holiday Night Market (illustrative)",
  type: "fair",
  venue: { lat: 33.8199, lon: -116.5447 },
  attendance: 15_000,
  indoor: false,
  bounded: false,
  alcohol: true,
  freeWater: false,
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * UTC instant of a Pacific local wall-clock time (US rule: PDT from the second Sunday of March
 * 02:00 to the first Sunday of November 02:00). Day and hour may overflow (e.g. hour 25).
 */
export function pacificToUtc(year: number, month: number, day: number, hour: number, minute = 0) {
  const asPst = Date.UTC(year, month - 1, day, hour + 8, minute);
  const y = new Date(asPst - 8 * HOUR_MS).getUTCFullYear();
  const dstStart = Date.UTC(y, 2, nthWeekday(y, 3, 0, 2), 10); // 02:00 PST
  const dstEnd = Date.UTC(y, 10, nthWeekday(y, 11, 0, 1), 9); // 02:00 PDT
  const asPdt = asPst - HOUR_MS;
  return new Date(asPdt >= dstStart && asPdt < dstEnd ? asPdt : asPst);
}

/** Day of month of the n-th given weekday (0 = Sunday) in a month (1–12). */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((weekday - first + 7) % 7) + 7 * (n - 1);
}

/** Day of month of the given weekday that falls within [fromDay, fromDay + 6]. */
function weekdayOnOrAfter(year: number, month: number, weekday: number, fromDay: number) {
  const dow = new Date(Date.UTC(year, month - 1, fromDay)).getUTCDay();
  return fromDay + ((weekday - dow + 7) % 7);
}

function dayEvent(
  r: Recurring,
  year: number,
  month: number,
  day: number,
  hours: [startHour: number, endHour: number],
  label: string,
  attendance = r.attendance,
): DemoEvent {
  const startsAt = pacificToUtc(year, month, day, hours[0]);
  const local = new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
  return {
    code: `${r.slug}-${local}`,
    name: `${r.name} — ${label}`,
    type: r.type,
    lat: r.venue.lat,
    lon: r.venue.lon,
    startsAt,
    endsAt: pacificToUtc(year, month, day, hours[1]),
    expectedAttendance: attendance,
    indoor: r.indoor,
    bounded: r.bounded,
    alcohol: r.alcohol,
    freeWater: r.freeWater,
  };
}

/**
 * One year's recurring events, one row per event day (attendance is per day). Dates follow each
 * event's usual pattern; promoters announce exact dates, so future years are approximations.
 */
export function demoEventsOfYear(year: number): DemoEvent[] {
  const out: DemoEvent[] = [];
  const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const dow = (m: number, d: number) => weekdays[new Date(Date.UTC(year, m - 1, d)).getUTCDay()];

  // Date Festival: ten days from the Friday between 13 and 19 February, 10:00–22:00.
  const fair = weekdayOnOrAfter(year, 2, 5, 13);
  for (let i = 0; i < 10; i++) {
    out.push(dayEvent(DATE_FESTIVAL, year, 2, fair + i, [10, 22], `day ${i + 1} of 10`));
  }
  // BNP Paribas Open: main draw Wednesday to the final on the Sunday between 13 and 19 March.
  const final = weekdayOnOrAfter(year, 3, 0, 13);
  for (let i = 11; i >= 0; i--) {
    const d = final - i;
    out.push(dayEvent(BNP_PARIBAS_OPEN, year, 3, d, [11, 23], `${dow(3, d)} ${d} March`));
  }
  // Coachella: two Friday–Sunday weekends from the Friday between 10 and 16 April, noon–01:00.
  const coachella = weekdayOnOrAfter(year, 4, 5, 10);
  for (const [week, offset] of [[1, 0], [2, 7]]) {
    for (let i = 0; i < 3; i++) {
      const d = coachella + offset + i;
      out.push(dayEvent(COACHELLA, year, 4, d, [12, 25], `weekend ${week}, ${dow(4, d)}`));
    }
  }
  // Stagecoach: the weekend after Coachella's second, noon–midnight.
  for (let i = 0; i < 3; i++) {
    const d = coachella + 14 + i;
    out.push(dayEvent(STAGECOACH, year, 4, d, [12, 24], dow(4, d)));
  }
  // Palm Springs Pride: festival Saturday and parade Sunday, the first Sunday of November.
  const parade = nthWeekday(year, 11, 0, 1);
  out.push(dayEvent(PRIDE, year, 11, parade - 1, [10, 18], "festival Saturday"));
  out.push(dayEvent(PRIDE, year, 11, parade, [9, 18], "parade Sunday", 100_000));
  // Festival of Lights Parade: the first Saturday of December, evening.
  const lights = nthWeekday(year, 12, 6, 1);
  out.push(dayEvent(FESTIVAL_OF_LIGHTS, year, 12, lights, [17, 21], String(year)));
  return out;
}

/**
 * Demo events: every recurring event of each year that intersects [now − 1 year, now + 6 months],
 * plus the illustrative night market starting ~30 h after `now` and lasting 6 h. Sorted by start.
 */
export function demoEvents(now: Date): DemoEvent[] {
  const from = new Date(now.getTime() - 365 * DAY_MS);
  const to = new Date(now.getTime() + 183 * DAY_MS);
  const out: DemoEvent[] = [];
  for (let y = from.getUTCFullYear(); y <= to.getUTCFullYear(); y++) {
    out.push(...demoEventsOfYear(y));
  }
  const start = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + 30 * HOUR_MS;
  out.push({
    code: NIGHT_MARKET.slug,
    name: NIGHT_MARKET.name,
    type: NIGHT_MARKET.type,
    lat: NIGHT_MARKET.venue.lat,
    lon: NIGHT_MARKET.venue.lon,
    startsAt: new Date(start),
    endsAt: new Date(start + 6 * HOUR_MS),
    expectedAttendance: NIGHT_MARKET.attendance,
    indoor: NIGHT_MARKET.indoor,
    bounded: NIGHT_MARKET.bounded,
    alcohol: NIGHT_MARKET.alcohol,
    freeWater: NIGHT_MARKET.freeWater,
  });
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
