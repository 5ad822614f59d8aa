import { z } from "zod";
import { attendanceBases, eventTypes } from "../../models/events.ts";
import { count, instant, latitude, longitude, userId } from "./common.ts";
import { eventWindowProblems } from "../limits.ts";

const fields = {
  name: z.string().trim().min(1).max(200),
  type: z.enum(eventTypes),
  lat: latitude,
  lon: longitude,
  startsAt: instant,
  endsAt: instant,
  expectedAttendance: count(10_000_000),
  indoor: z.boolean(),
  bounded: z.boolean(),
  alcohol: z.boolean(),
  freeWater: z.boolean(),
  attendanceBasis: z.enum(attendanceBases).meta({
    description: "perDay: expectedAttendance is each day's crowd; total (default, what it " +
      "meant before it was stated): the whole event's attendance over its days (a three-day " +
      "festival's total is three days' crowds)",
  }),
};

/**
 * A field's value only once it parsed to a Date: zod 4 runs object refinements even after a
 * field failed, with the raw input (`startsAt: "tomorrow"` reached `.getTime()` → 500).
 */
const parsedDate = (v: unknown): Date | undefined =>
  v instanceof Date && Number.isFinite(v.getTime()) ? v : undefined;

/** The window rules of lib/limits.ts (duration, start range) as zod issues. */
const checkWindow = (e: { startsAt?: Date; endsAt?: Date }, ctx: z.RefinementCtx) => {
  for (const p of eventWindowProblems(parsedDate(e.startsAt), parsedDate(e.endsAt))) {
    ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  }
};

const eventFields = z.strictObject({
  id: userId,
  ...fields,
  indoor: fields.indoor.default(false),
  bounded: fields.bounded.default(true),
  alcohol: fields.alcohol.default(false),
  freeWater: fields.freeWater.default(true),
  attendanceBasis: fields.attendanceBasis.default("total"),
});

/** The columns of events.csv in the `--data` folder layout (exports, `deno task train --data`). */
export const eventColumns: readonly ("id" | keyof typeof fields)[] = [
  "id",
  // attendanceBasis defaults to perDay and is left out, so events.csv files written before it
  // still load.
  ...(Object.keys(fields) as (keyof typeof fields)[]).filter((k) => k !== "attendanceBasis"),
];

/** POST /api/events. `id` is the organisation's own identifier for the event. */
export const eventCreate = eventFields.superRefine(checkWindow).meta({
  id: "EventCreate",
});

/**
 * An event of a history (`events.csv` of `deno task train --data` and of an export): the same
 * fields and duration rule, but it may lie any number of years back — the start window of
 * lib/limits.ts guards registrations of coming events, not history.
 */
export const eventHistoryRecord = eventFields.superRefine((e, ctx) => {
  const startsAt = parsedDate(e.startsAt);
  if (!startsAt) return;
  for (const p of eventWindowProblems(startsAt, parsedDate(e.endsAt), startsAt.getTime())) {
    ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  }
});

/** PATCH /api/events/:id: any subset of the fields except `id`. */
export const eventPatch = z.strictObject(fields).partial().refine(
  (p) => Object.keys(p).length > 0,
  "send at least one field to change",
).superRefine(checkWindow).meta({ id: "EventPatch" });

/** What the API returns for an event. */
export const eventOut = z.object({
  id: userId,
  uuid: z.uuid(),
  ...fields,
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
}).meta({ id: "Event" });

export type EventCreate = z.output<typeof eventCreate>;
export type EventPatch = z.output<typeof eventPatch>;
