import { define, type Handlers, type PageProps, type RouteContext } from "../../lib/define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { validate } from "../../framework/validation.ts";
import { planners } from "../../lib/access.ts";
import { orgActor, orgOf } from "../../lib/caller.ts";
import { readForm, seeOther } from "../../lib/auth/page_forms.ts";
import { calendarDate, calendarPatch } from "../../lib/schemas/calendar.ts";
import {
  calendarFromCsv,
  changeCalendarDays,
  readCalendar,
  replaceCalendar,
} from "../../services/calendar.ts";
import { CalendarEditor } from "../../components/calendar/CalendarEditor.tsx";

interface Data {
  flags: string[];
  days: Awaited<ReturnType<typeof readCalendar>>["days"];
  from: string;
  to: string;
  error?: string;
}

export const config = define.config({ access: planners, audit: false });

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function load(ctx: RouteContext<Data>, extra: Partial<Data> = {}): Promise<Data> {
  const q = ctx.url.searchParams;
  const ok = (v: string | null) => v && calendarDate.safeParse(v).success ? v : null;
  const from = ok(q.get("from")) ?? isoDay(Date.now() - 30 * DAY_MS);
  const to = ok(q.get("to")) ?? isoDay(Date.now() + 365 * DAY_MS);
  return { ...await readCalendar(ctx.state.db, orgOf(ctx.state), from, to), from, to, ...extra };
}

/** The days from `date` to `until` (inclusive, at most a year) with one flag set or cleared. */
function daysOf(form: Record<string, string>) {
  const from = Date.parse(`${form.date}T00:00:00Z`);
  const until = form.until ? Date.parse(`${form.until}T00:00:00Z`) : from;
  if (!(until >= from) || until - from > 366 * DAY_MS) {
    throw new HttpError(422, "validation_failed", "until must follow the date, within a year", [
      { path: "until", message: "at most 366 days after the date" },
    ]);
  }
  const days = [];
  for (let t = from; t <= until; t += DAY_MS) {
    days.push({ date: isoDay(t), flags: { [form.flag]: form.value !== "off" } });
  }
  return validate(calendarPatch, { days }).days;
}

async function act(ctx: RouteContext<Data>) {
  const form = await readForm(ctx.req);
  const who = orgActor(ctx.state);
  if (form.action === "set") return await changeCalendarDays(ctx.state, who, daysOf(form));
  if (form.action === "replace") {
    const csv = new Blob([form.csv ?? ""]).stream();
    return await replaceCalendar(ctx.state, who, await calendarFromCsv(csv));
  }
  throw new HttpError(422, "validation_failed", "unknown action", [
    { path: "action", message: "must be set or replace" },
  ]);
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render(await load(ctx));
  },
  /** Changes through the same services as the API; then back to the page. */
  async POST(ctx) {
    try {
      await act(ctx);
      return seeOther("/admin/calendar");
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500 || err.code === "csrf_failed") throw err;
      const detail = err.details[0] ? ` (${err.details[0].path}: ${err.details[0].message})` : "";
      return ctx.render(await load(ctx, { error: err.message + detail }), { status: err.status });
    }
  },
};

/** The organisation's own calendar: local festivals, school terms, strikes. */
export default function Calendar({ data, state }: PageProps<Data>) {
  return (
    <>
      <h2>Your calendar</h2>
      {data.error && <p class="error" role="alert">{data.error}</p>}
      <p class="muted">
        Days your hospitals see more (or fewer) arrivals than the calendar alone explains. Public
        holidays of each hospital's country and region are known already; mark the others here.{" "}
        <code>publicHoliday</code> and <code>schoolHoliday</code>{" "}
        add to those inputs of every model; any other flag (<code>festiveDay</code>,{" "}
        <code>strike</code>, …) becomes an input of your own model when you{" "}
        <a href="/admin/models">train it</a>. Forecasts read the calendar as soon as it changes.
      </p>
      <CalendarEditor
        flags={data.flags}
        days={data.days}
        csrf={state.csrf ?? ""}
        from={data.from}
        to={data.to}
      />
    </>
  );
}
