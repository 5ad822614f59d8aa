/**
 * The organisation's own calendar: reading it, replacing it (PUT, or an uploaded calendar.csv)
 * and changing some days (PATCH, the calendar page). Changes are audited inside their transaction
 * and ask for a refresh: forecasts read the calendar (ml/forecaster.ts loadForecastInputs).
 */
import { HttpError } from "../framework/http_error.ts";
import { clipKey } from "../framework/validation.ts";
import type { Queryable } from "../infra/db.ts";
import {
  calendarFlagNames,
  clearCalendar,
  countCalendarDays,
  listCalendarDays,
  upsertCalendarDays,
} from "../models/calendar.ts";
import {
  calendarDay,
  type CalendarDayInput,
  flagCellSet,
  MAX_CALENDAR_DAYS,
  MAX_CALENDAR_FLAGS,
} from "../lib/schemas/calendar.ts";
import { readCsv } from "./ingest/csv.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { requestRefresh } from "./refresh.ts";

/** The calendar in [from, to] with the names of all its flags. */
export async function readCalendar(db: Queryable, orgId: string, from?: string, to?: string) {
  const [flags, days] = await Promise.all([
    calendarFlagNames(db, orgId),
    listCalendarDays(db, orgId, from, to),
  ]);
  return { flags, days };
}

async function tooManyFlags(tx: Queryable, orgId: string) {
  const names = await calendarFlagNames(tx, orgId);
  if (names.length > MAX_CALENDAR_FLAGS) {
    throw new HttpError(
      422,
      "validation_failed",
      `a calendar holds at most ${MAX_CALENDAR_FLAGS} flags (each is a model input)`,
      [{ path: "days", message: `${names.length} flags: ${names.join(", ")}` }],
    );
  }
  return names;
}

async function summary(tx: Queryable, orgId: string, flags: string[]) {
  return { days: await countCalendarDays(tx, orgId), flags };
}

/** Replaces the organisation's whole calendar with these days. */
export async function replaceCalendar(
  deps: Deps,
  who: Actor & { orgId: string },
  days: readonly CalendarDayInput[],
) {
  const out = await deps.db.transaction(async (tx) => {
    await clearCalendar(tx, who.orgId);
    await upsertCalendarDays(tx, who.orgId, days);
    const flags = await tooManyFlags(tx, who.orgId);
    await auditChange(tx, who, "update", "calendar", null);
    await requestRefresh(tx, who.orgId, "calendar");
    return await summary(tx, who.orgId, flags);
  });
  await changed(deps.cache, who.orgId);
  return out;
}

/** Sets the named flags of these days (other flags of a day keep their value). */
export async function changeCalendarDays(
  deps: Deps,
  who: Actor & { orgId: string },
  days: readonly CalendarDayInput[],
) {
  const out = await deps.db.transaction(async (tx) => {
    const dates = days.map((d) => d.date).sort();
    const existing = new Map(
      (await listCalendarDays(tx, who.orgId, dates[0], dates.at(-1))).map((d) => [d.date, d]),
    );
    const merged = new Map<string, Record<string, boolean>>();
    for (const d of days) {
      const before = merged.get(d.date) ?? existing.get(d.date)?.flags ?? {};
      merged.set(d.date, { ...before, ...d.flags });
    }
    await upsertCalendarDays(tx, who.orgId, [...merged].map(([date, flags]) => ({ date, flags })));
    const flags = await tooManyFlags(tx, who.orgId);
    await auditChange(tx, who, "update", "calendar", null);
    await requestRefresh(tx, who.orgId, "calendar");
    return await summary(tx, who.orgId, flags);
  });
  await changed(deps.cache, who.orgId);
  return out;
}

/** Largest calendar.csv accepted (a century of days with twenty flags is under 3 MB). */
export const CALENDAR_CSV_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * calendar.csv (`date` plus one column per flag; a cell is set unless empty or 0/false/no) as
 * calendar days; a bad row is a 422 naming its line.
 */
export async function calendarFromCsv(
  body: ReadableStream<Uint8Array> | null,
): Promise<CalendarDayInput[]> {
  let header: string[] | null = null;
  const days: CalendarDayInput[] = [];
  for await (const rec of readCsv(body, CALENDAR_CSV_LIMIT_BYTES)) {
    if (!header) {
      header = rec.fields.map((f) => f.trim());
      if (!header.includes("date")) {
        throw new HttpError(422, "validation_failed", "calendar.csv needs a `date` column", [
          { path: "header", message: "columns: date, then one per flag (e.g. festiveDay)" },
        ]);
      }
      continue;
    }
    if (days.length >= MAX_CALENDAR_DAYS) {
      throw new HttpError(422, "validation_failed", `at most ${MAX_CALENDAR_DAYS} days per upload`);
    }
    const cells = Object.fromEntries(header.map((h, i) => [h, rec.fields[i] ?? ""]));
    const flags = Object.fromEntries(
      header.filter((h) => h !== "date").map((h) => [h, flagCellSet(cells[h])]),
    );
    const parsed = calendarDay.safeParse({ date: cells.date.trim(), flags });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(422, "validation_failed", `calendar.csv line ${rec.line} is invalid`, [
        {
          path: `line ${rec.line}.${issue.path.map((p) => clipKey(String(p))).join(".")}`,
          message: issue.message,
        },
      ]);
    }
    days.push(parsed.data);
  }
  return days;
}
