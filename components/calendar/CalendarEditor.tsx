import type { CalendarDayRow } from "../../models/calendar.ts";
import { PostForm } from "../models/PostForm.tsx";

const CSV_EXAMPLE = "date,festiveDay,schoolHoliday\n2025-07-04,1,0";

/** The organisation's calendar: its days and flags, a form to set or clear a flag, and CSV. */
export function CalendarEditor(
  { flags, days, csrf, from, to }: {
    flags: string[];
    days: CalendarDayRow[];
    csrf: string;
    from: string;
    to: string;
  },
) {
  return (
    <>
      <section id="set-flag">
        <h2>Set or clear a flag</h2>
        <PostForm to="/admin/calendar" csrf={csrf} action="set" inline>
          <input type="date" name="date" required aria-label="From (local date)" />
          <input type="date" name="until" aria-label="Until (optional, inclusive)" />
          <input
            name="flag"
            required
            list="calendar-flags"
            pattern="[A-Za-z][A-Za-z0-9_]{0,39}"
            placeholder="flag, e.g. festiveDay"
            aria-label="Flag"
          />
          <datalist id="calendar-flags">
            {[...new Set([...flags, "publicHoliday", "schoolHoliday", "festiveDay", "strike"])]
              .map((f) => <option key={f} value={f} />)}
          </datalist>
          <select name="value" aria-label="Set or clear">
            <option value="on">set</option>
            <option value="off">clear</option>
          </select>
          <button type="submit">Save</button>
        </PostForm>
      </section>
      <section id="calendar-days">
        <h2>Days {from} – {to}</h2>
        <form method="get" action="/admin/calendar" class="inline-form">
          <input type="date" name="from" value={from} aria-label="Show from" />
          <input type="date" name="to" value={to} aria-label="Show until" />
          <button type="submit">Show</button>
        </form>
        {days.length === 0
          ? <p class="muted">No flagged days in this range.</p>
          : (
            <table data-testid="calendar-days">
              <thead>
                <tr>
                  <th>Date</th>
                  {flags.map((f) => <th key={f}>{f}</th>)}
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.date}>
                    <td>{d.date}</td>
                    {flags.map((f) => <td key={f}>{d.flags[f] ? "✓" : ""}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </section>
      <section id="calendar-csv">
        <h2>Replace with a calendar.csv</h2>
        <p class="muted">
          <code>date</code>{" "}
          (YYYY-MM-DD, local) and one column per flag; a cell is set unless empty or 0/false/no.
          This replaces the whole calendar. Larger files: PUT /api/calendar (text/csv).
        </p>
        <PostForm to="/admin/calendar" csrf={csrf} action="replace">
          <textarea
            name="csv"
            rows={6}
            cols={60}
            required
            aria-label="calendar.csv"
            placeholder={CSV_EXAMPLE}
          />
          <button type="submit">Replace the calendar</button>
        </PostForm>
      </section>
    </>
  );
}
