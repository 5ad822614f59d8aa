/**
 * Rows of `calendar_days` (migration 012): the organisation's own day flags — local festivals,
 * school terms, strikes — as the set of flags on each local date. ml/calendar.ts turns them into
 * hourly feature series; `GET /api/export` writes them as calendar.csv.
 */
import type { Queryable } from "../infra/db.ts";

/** One day of an organisation's calendar: every flag the organisation uses, true or false. */
export interface CalendarDayRow {
  /** Local date, YYYY-MM-DD. */
  date: string;
  flags: Record<string, boolean>;
}

/** Names of every flag the organisation's calendar uses, sorted. */
export async function calendarFlagNames(db: Queryable, orgId: string): Promise<string[]> {
  const rows = await db.query<{ flag: string }>(
    `SELECT DISTINCT unnest(flags) AS flag FROM calendar_days WHERE org_id = $1 ORDER BY 1`,
    [orgId],
  );
  return rows.map((r) => r.flag);
}

/**
 * The organisation's calendar days in [from, to] (local dates, both optional), oldest first;
 * each row names every flag of the calendar (the columns of calendar.csv), true where set.
 */
export async function listCalendarDays(
  db: Queryable,
  orgId: string,
  from?: string | Date,
  to?: string | Date,
): Promise<CalendarDayRow[]> {
  const day = (d: string | Date | undefined) =>
    d === undefined ? null : typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10);
  const [names, rows] = await Promise.all([
    calendarFlagNames(db, orgId),
    db.query<{ date: string; flags: string[] }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, flags FROM calendar_days
       WHERE org_id = $1 AND ($2::date IS NULL OR day >= $2::date)
         AND ($3::date IS NULL OR day <= $3::date)
       ORDER BY day`,
      [orgId, day(from), day(to)],
    ),
  ]);
  return rows.map((r) => ({
    date: r.date,
    flags: Object.fromEntries(names.map((n) => [n, r.flags.includes(n)])),
  }));
}

/** Sets the flags of some days (a day with no flag set is removed); returns the days written. */
export async function upsertCalendarDays(
  tx: Queryable,
  orgId: string,
  days: readonly { date: string; flags: Record<string, boolean> }[],
): Promise<number> {
  const dates: string[] = [], sets: string[] = [], empty: string[] = [];
  for (const d of days) {
    const on = Object.keys(d.flags).filter((k) => d.flags[k]).sort();
    if (on.length) (dates.push(d.date), sets.push(JSON.stringify(on)));
    else empty.push(d.date);
  }
  if (empty.length) {
    await tx.query("DELETE FROM calendar_days WHERE org_id = $1 AND day = ANY($2::date[])", [
      orgId,
      empty,
    ]);
  }
  if (dates.length) {
    // Flags travel as JSON arrays: a text[][] parameter cannot hold rows of different lengths.
    await tx.query(
      `INSERT INTO calendar_days (org_id, day, flags)
       SELECT $1, d, ARRAY(SELECT jsonb_array_elements_text(f::jsonb))
       FROM unnest($2::date[], $3::text[]) AS t(d, f)
       ON CONFLICT (org_id, day) DO UPDATE SET flags = excluded.flags`,
      [orgId, dates, sets],
    );
  }
  return days.length;
}

/** Removes every day of the organisation's calendar; returns how many there were. */
export async function clearCalendar(tx: Queryable, orgId: string): Promise<number> {
  const rows = await tx.query("DELETE FROM calendar_days WHERE org_id = $1 RETURNING day", [
    orgId,
  ]);
  return rows.length;
}

/** How many days the organisation's calendar holds. */
export async function countCalendarDays(db: Queryable, orgId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM calendar_days WHERE org_id = $1",
    [orgId],
  );
  return Number(row?.n ?? 0);
}
