import { useSignal } from "@preact/signals";
import { levelText, type Readiness } from "../domain/readiness.ts";
import { TableScroll } from "../components/TableScroll.tsx";
import { DiversionBadge } from "../components/DiversionBadge.tsx";
import { NedocsBadge } from "../components/NedocsBadge.tsx";
import type { NedocsBand } from "../domain/nedocs.ts";

export interface BoardRow {
  id: string;
  code: string;
  name: string;
  edBeds: number;
  arrivals24h: number;
  occupancy: number | null;
  readiness: Readiness;
  /** Words for the level on regional boards. */
  readinessLabel: string;
  /** Why the level is unknown when the data stopped ("data stopped Mon 14:00 PDT (30 h ago)"). */
  dataNote?: string;
  /** "from Fri 14:00 PDT", already in the hospital's zone (formatted on the server). */
  readinessWhen: string;
  /** Patients in the ED now: the occupancy just reported when fresh, else the forecast. */
  censusNow: number | null;
  /** Where that figure comes from, in words ("reported Mon 14:00 GMT" or "forecast …"). */
  censusNowNote: string;
  /** True when the timeline's first hour is judged on the occupancy just reported. */
  nowReported: boolean;
  censusPeakP90: number | null;
  censusPeakWhen: string;
  peakHeatIndexC: number | null;
  /** The same in the organisation's unit, °C or °F (domain/units.ts). */
  peakHeatIndex?: string | null;
  peakAqi: number | null;
  /** "Plan of Fri 14:05 PDT" or why there is none; `stale` when it is over two hours old. */
  planNote: string;
  stale: boolean;
  /** One letter per hour of the timeline: n, e, s, c (the levels) or "-" for no forecast. */
  levels: string;
  /** Census median and p90 per hour of the timeline (null where there is none). */
  censusP50: (number | null)[];
  censusP90: (number | null)[];
  /** Reported ambulance diversion ("since" in the hospital's zone), when the ED reports it. */
  diversion?: { reason: string | null; since: string } | null;
  /** NEDOCS from the latest reported inputs, when they are all reported. */
  nedocs?: { score: number; band: NedocsBand } | null;
}

/** The timeline's hours and the events on its axis, labelled in the organisation's zone. */
export interface TimelineAxis {
  /** The first hour (ISO). */
  start: string;
  /** "Fri 14:00 BST" per hour. */
  hours: string[];
  /** Local days over the hours: "Fri 10 Jul" and how many hours of it are shown. */
  days: { label: string; span: number }[];
  /** Hour of day 0–23 of each column (ticks every 6 h). */
  hourOfDay: number[];
  zone: string;
  events: { code: string; name: string; from: number; to: number; when: string }[];
}

export const levelOfLetter = {
  n: "normal",
  e: "elevated",
  s: "strained",
  c: "critical",
  "-": "unknown",
} as const;

const severity: Record<Readiness, number> = {
  critical: 4,
  strained: 3,
  elevated: 2,
  normal: 1,
  unknown: 0,
};

/**
 * Readiness per hospital from its census forecast (the same computation as its plan and
 * alerts), sortable by name or by forecast load, filterable to those under strain.
 */
export default function HospitalBoard(
  { rows, axis, sort = "name" }: {
    rows: BoardRow[];
    axis?: TimelineAxis;
    /** The first order shown (the wall screen starts with the soonest pressure). */
    sort?: "name" | "load" | "soonest";
  },
) {
  const sortBy = useSignal(sort);
  const onlyPressed = useSignal(false);
  const load = (r: BoardRow) => (r.censusPeakP90 ?? r.occupancy ?? 0) / Math.max(r.edBeds, 1);
  // The first hour above normal; hospitals with none come last.
  const soonest = (r: BoardRow) => {
    const i = r.levels.search(/[esc]/);
    return i < 0 ? Infinity : i;
  };
  const order = (a: BoardRow, b: BoardRow) =>
    sortBy.value === "load"
      ? load(b) - load(a)
      : sortBy.value === "soonest"
      ? soonest(a) - soonest(b) || load(b) - load(a)
      : a.name.localeCompare(b.name);
  const shown = rows
    .filter((r) => !onlyPressed.value || severity[r.readiness] >= 2)
    .sort(order);
  const sortButton = (by: "name" | "load" | "soonest", words: string) => (
    <button
      type="button"
      data-testid={`sort-${by}`}
      aria-pressed={sortBy.value === by}
      onClick={() => sortBy.value = by}
    >
      {sortBy.value === by ? `Sorted by ${words}` : `Sort by ${words}`}
    </button>
  );
  return (
    <section class="board" aria-label="Hospital readiness">
      <div class="board-controls">
        {sortButton("name", "name")}
        {sortButton("load", "load")}
        {sortButton("soonest", "soonest pressure")}
        <label>
          <input
            type="checkbox"
            data-testid="only-pressed"
            checked={onlyPressed.value}
            onChange={(e) => onlyPressed.value = (e.target as HTMLInputElement).checked}
          />{" "}
          Only elevated or worse
        </label>
        <span class="muted" data-testid="board-count">{shown.length} of {rows.length} shown</span>
      </div>
      <TableScroll label="Hospitals">
        <table>
          <thead>
            <tr>
              <th>Hospital</th>
              <th>Readiness, next 72 h</th>
              <th class="num">Patients in the ED now</th>
              <th class="num">Busiest hour ahead: 1 in 10 chance of more than</th>
              <th class="num">Staffed ED beds</th>
              <th class="num wall-hide">Hottest (heat index)</th>
              <th class="num wall-hide">Worst air quality (AQI)</th>
              <th class="num wall-hide">Arrivals, last 24 h</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-hospital={r.name} data-readiness={r.readiness}>
                <td>
                  <a href={`/hospitals/${r.code}`}>{r.name}</a>
                  <div class={r.stale ? "muted board-note stale" : "muted board-note"}>
                    {r.planNote}
                  </div>
                </td>
                <td>
                  {/* A diverting ED shows its diversion, not a forecast level that may read "normal". */}
                  {r.diversion
                    ? <DiversionBadge {...r.diversion} />
                    : <span class={`badge badge-${r.readiness}`}>{r.readiness}</span>}{" "}
                  <strong data-testid="readiness-when">{r.readinessWhen}</strong>
                  {/* Why the level is unknown shows on every screen, the wall included. */}
                  <div class={r.dataNote ? "muted board-note data-stopped" : "muted board-note"}>
                    {r.readinessLabel}
                  </div>
                  {r.nedocs && (
                    <div>
                      <NedocsBadge {...r.nedocs} />
                    </div>
                  )}
                </td>
                <td class="num">
                  {r.censusNow ?? "—"}
                  {r.censusNowNote && <div class="muted board-note">{r.censusNowNote}</div>}
                </td>
                <td class="num" data-testid="census-peak">
                  {r.censusPeakP90 ?? "—"}
                  {r.censusPeakWhen && <div class="muted board-note">{r.censusPeakWhen}</div>}
                </td>
                <td class="num">{r.edBeds}</td>
                <td class="num wall-hide" data-testid="peak-heat">
                  {r.peakHeatIndexC === null
                    ? "—"
                    : r.peakHeatIndex ?? `${r.peakHeatIndexC.toFixed(1)} °C`}
                </td>
                <td class="num wall-hide" data-testid="peak-aqi">{r.peakAqi ?? "—"}</td>
                <td class="num wall-hide">{r.arrivals24h}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {axis && <Timeline rows={shown} axis={axis} />}
    </section>
  );
}

/** Consecutive hours at the same level, as [from, to) column runs. */
function runsOf(levels: string) {
  const runs: { from: number; to: number; letter: string }[] = [];
  for (let i = 0; i < levels.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.letter === levels[i]) last.to = i + 1;
    else runs.push({ from: i, to: i + 1, letter: levels[i] });
  }
  return runs;
}

/** The highest figure in columns [from, to), null when there is none. */
function peak(values: (number | null)[], from: number, to: number): number | null {
  let best: number | null = null;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && (best === null || v > best)) best = v;
  }
  return best;
}

/**
 * Hospitals × the next 72 hours, each run of hours at one census level a coloured bar (the same
 * hours and levels as the plans' readiness), with the events of those hours marked on the time axis.
 */
function Timeline({ rows, axis }: { rows: BoardRow[]; axis: TimelineAxis }) {
  const n = axis.hours.length;
  const tick = (i: number) => axis.hourOfDay[i] % 6 === 0;
  return (
    <div class="timeline" data-testid="timeline" data-start={axis.start}>
      <h2 id="timeline-title">Next 72 hours</h2>
      <p class="muted">
        Each column is one hour ({axis.zone}); each bar is a run of hours at one level of the
        hospital's census forecast against its staffed beds (hover over a bar for its figures).
        Events are marked under the hours they run.
      </p>
      <ul class="timeline-legend" aria-label="Legend">
        {(["normal", "elevated", "strained", "critical", "unknown"] as const).map((l) => (
          <li key={l}>
            <span class={`tl tl-${l}`} aria-hidden="true" /> {levelText(l)}
          </li>
        ))}
      </ul>
      <TableScroll label="Timeline of the next 72 hours">
        <table class="timeline-grid" aria-labelledby="timeline-title">
          <thead>
            <tr>
              <th scope="col" rowSpan={2} class="tl-name">Hospital</th>
              {axis.days.map((d, k) => (
                <th key={k} scope="colgroup" colSpan={d.span} class="tl-day">
                  {d.span >= 4 ? d.label : <span class="visually-hidden">{d.label}</span>}
                </th>
              ))}
            </tr>
            <tr>
              {axis.hours.map((label, i) => (
                <th key={i} scope="col" class={tick(i) ? "tl-hour tl-tick" : "tl-hour"}>
                  <span aria-hidden="true">
                    {tick(i) ? String(axis.hourOfDay[i]).padStart(2, "0") : ""}
                  </span>
                  <span class="visually-hidden">{label}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-timeline-hospital={r.name}>
                <th scope="row" class="tl-name">
                  <a href={`/hospitals/${r.code}`}>{r.name}</a>
                  {r.dataNote && <div class="muted">unknown — {r.dataNote}</div>}
                </th>
                {runsOf(r.levels).map(({ from, to, letter }) => {
                  const level = levelOfLetter[letter as keyof typeof levelOfLetter];
                  const p50 = peak(r.censusP50, from, to), p90 = peak(r.censusP90, from, to);
                  const when = to - from > 1
                    ? `${axis.hours[from]} to ${axis.hours[to - 1]}`
                    : axis.hours[from];
                  const text = p90 === null
                    ? `${when}: ${r.dataNote ?? "no forecast"}`
                    : `${when}: ${
                      levelText(level)
                    }, likely up to ${p50} patients (1 in 10 chance of more than ${p90}) for ${r.edBeds} beds${
                      from === 0 && r.nowReported
                        ? `; this hour: the ${r.censusNow} patients just reported`
                        : ""
                    }`;
                  return (
                    <td
                      key={from}
                      colSpan={to - from}
                      class={`tl tl-${level}`}
                      data-level={level}
                      data-from={from}
                      title={text}
                    >
                      <span class="visually-hidden">{text}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
            {axis.events.map((e) => (
              <tr key={e.code} class="tl-event-row" data-event={e.name}>
                <th scope="row" class="tl-name">
                  <a href={`/events/${e.code}`}>{e.name}</a>
                  <div class="muted">{e.when}</div>
                </th>
                {e.from > 0 && <td colSpan={e.from} class="tl" />}
                <td
                  colSpan={e.to - e.from}
                  class="tl tl-event"
                  data-from={e.from}
                  title={`${e.when}: ${e.name}`}
                />
                {e.to < n && <td colSpan={n - e.to} class="tl" />}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
