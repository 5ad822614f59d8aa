/**
 * The organisation's own calendar (GET/PUT/PATCH /api/calendar, calendar.csv): local dates with
 * day flags such as `festiveDay`, `schoolHoliday` or `strike`. `publicHoliday`/`public_holiday`
 * and `schoolHoliday`/`school_holiday` add to the model's holiday inputs; every other flag becomes
 * a feature of its own when the organisation trains a model (ml/calendar.ts flagName).
 */
import { z } from "zod";
import { inAcceptedYears } from "./common.ts";

/** At most this many distinct flags per organisation: each is a model input. */
export const MAX_CALENDAR_FLAGS = 20;
/** At most this many days per request (about 55 years). */
export const MAX_CALENDAR_DAYS = 20_000;

export const calendarDate = z.string().regex(
  /^\d{4}-\d{2}-\d{2}$/,
  "must be a local date YYYY-MM-DD",
)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return Number.isFinite(d.getTime()) && d.toISOString().startsWith(s);
  }, "must be a real date")
  // PostgreSQL has no year 0 (0000-01-01 was a 500); the instants' range serves days too.
  .refine(inAcceptedYears, "must be between the years 1900 and 2199");

export const flagName = z.string().regex(
  /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
  "must be 1–40 letters, digits or '_', starting with a letter",
);

export const calendarDay = z.strictObject({
  date: calendarDate,
  // Keys are checked here rather than by the record's key schema, whose refusal only says
  // "Invalid key in record".
  flags: z.record(z.string(), z.boolean()).superRefine((flags, ctx) => {
    for (const key of Object.keys(flags)) {
      const named = flagName.safeParse(key);
      if (!named.success) {
        ctx.addIssue({ code: "custom", path: [key], message: named.error.issues[0].message });
      }
    }
  }).meta({
    description: "flag name (1–40 letters, digits or '_', starting with a letter) → set on " +
      "this day; a day with no flag set is removed",
  }),
}).meta({ id: "CalendarDay" });

/** PUT /api/calendar: the whole calendar (days not listed are removed). */
export const calendarPut = z.strictObject({
  days: z.array(calendarDay).max(MAX_CALENDAR_DAYS),
}).meta({ id: "CalendarPut" });

/** PATCH /api/calendar: these days' flags change (flags not named keep their value). */
export const calendarPatch = z.strictObject({
  days: z.array(calendarDay).min(1).max(MAX_CALENDAR_DAYS),
}).meta({ id: "CalendarPatch" });

export const calendarQuery = z.strictObject({
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});

export const calendarOut = z.object({
  flags: z.array(z.string()).meta({ description: "every flag the calendar uses" }),
  days: z.array(calendarDay),
}).meta({ id: "Calendar" });

export const calendarChanged = z.object({
  days: z.number().int().meta({ description: "days the calendar now holds" }),
  flags: z.array(z.string()),
}).meta({ id: "CalendarChanged" });

/** calendar.csv cells: set unless empty or 0/false/no (a holiday's name counts as set). */
export function flagCellSet(cell: string | undefined): boolean {
  const v = (cell ?? "").trim();
  return v !== "" && !/^(0|false|no)$/i.test(v);
}

export type CalendarDayInput = z.output<typeof calendarDay>;
