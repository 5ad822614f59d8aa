import { define } from "../../lib/define.ts";
import { everyone, planners } from "../../lib/access.ts";
import { orgActor, orgOf } from "../../lib/caller.ts";
import { mediaType, readJson } from "../../framework/validation.ts";
import {
  calendarChanged,
  calendarOut,
  calendarPatch,
  calendarPut,
  calendarQuery,
} from "../../lib/schemas/calendar.ts";
import {
  calendarFromCsv,
  changeCalendarDays,
  readCalendar,
  replaceCalendar,
} from "../../services/calendar.ts";

const flagsNote = "`publicHoliday` and `schoolHoliday` add to the model's holiday inputs; any " +
  "other flag (`festiveDay`, `strike`, …) becomes an input of the organisation's own model.";

export const handler = define.api({
  GET: define.operation({
    summary: "The organisation's calendar",
    description: "Local dates with the organisation's own day flags (local festivals, school " +
      "terms, strikes), oldest first, between `from` and `to` (local dates, both optional). " +
      "Forecasts and training read them. " + flagsNote,
    tags: ["calendar"],
    query: calendarQuery,
    responses: { 200: { schema: calendarOut } },
    meta: { access: everyone, audit: false },
    handler(ctx) {
      return readCalendar(ctx.state.db, orgOf(ctx.state), ctx.query.from, ctx.query.to);
    },
  }),
  PUT: define.operation({
    summary: "Replace the organisation's calendar",
    description: "The whole calendar: days not listed are removed. JSON `{days: [{date, " +
      "flags}]}` or `text/csv` in the calendar.csv layout of `--data` and the export (`date` " +
      "plus one column per flag; a cell is set unless empty or 0/false/no). At most 20 flags. " +
      flagsNote,
    tags: ["calendar"],
    body: {
      json: calendarPut,
      other: { "text/csv": "calendar.csv: header `date,<flag>,<flag>…`; up to 5 MB" },
      stream: true,
    },
    responses: { 200: { schema: calendarChanged } },
    errors: [415],
    meta: { access: planners, audit: { resource: "calendar" } },
    async handler(ctx) {
      const days = mediaType(ctx.req) === "text/csv"
        ? await calendarFromCsv(ctx.req.body)
        : (await readJson(ctx.req, calendarPut)).days;
      return await replaceCalendar(ctx.state, orgActor(ctx.state), days);
    },
  }),
  PATCH: define.operation({
    summary: "Change some days of the calendar",
    description: "Sets the named flags of the listed days; flags not named keep their value, " +
      "and a day left with no flag set is removed. " + flagsNote,
    tags: ["calendar"],
    body: { json: calendarPatch },
    responses: { 200: { schema: calendarChanged } },
    meta: { access: planners, audit: { resource: "calendar" } },
    handler(ctx) {
      return changeCalendarDays(ctx.state, orgActor(ctx.state), ctx.body.days);
    },
  }),
});
