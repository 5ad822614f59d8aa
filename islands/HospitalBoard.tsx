import { useSignal } from "@preact/signals";
import type { Readiness } from "../domain/readiness.ts";
import { TableScroll } from "../components/TableScroll.tsx";

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
  /** "from Fri 14:00 PDT", already in the hospital's zone (formatted on the server). */
  readinessWhen: string;
  censusNow: number | null;
  censusPeakP90: number | null;
  censusPeakWhen: string;
  peakHeatIndexC: number | null;
  peakAqi: number | null;
  /** "Plan of Fri 14:05 PDT" or why there is none; `stale` when it is over two hours old. */
  planNote: string;
  stale: boolean;
}

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
export default function HospitalBoard({ rows }: { rows: BoardRow[] }) {
  const sortBy = useSignal<"name" | "load">("name");
  const onlyPressed = useSignal(false);
  const load = (r: BoardRow) => (r.censusPeakP90 ?? r.occupancy ?? 0) / Math.max(r.edBeds, 1);
  const shown = rows
    .filter((r) => !onlyPressed.value || severity[r.readiness] >= 2)
    .sort((a, b) => sortBy.value === "name" ? a.name.localeCompare(b.name) : load(b) - load(a));
  return (
    <section class="board" aria-label="Hospital readiness">
      <div class="board-controls">
        <button
          type="button"
          data-testid="sort-load"
          aria-pressed={sortBy.value === "load"}
          onClick={() => sortBy.value = sortBy.value === "load" ? "name" : "load"}
        >
          {sortBy.value === "load" ? "Sorted by load" : "Sort by load"}
        </button>
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
              <th class="num">Patients in ED now (forecast)</th>
              <th class="num">Peak census p90</th>
              <th class="num">ED beds</th>
              <th class="num">Peak heat index</th>
              <th class="num">Peak AQI</th>
              <th class="num">Arrivals, last 24 h</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-hospital={r.name} data-readiness={r.readiness}>
                <td>
                  <a href={`/hospitals/${r.code}`}>{r.name}</a>
                  <div class={r.stale ? "muted stale" : "muted"}>{r.planNote}</div>
                </td>
                <td>
                  <span class={`badge badge-${r.readiness}`}>{r.readiness}</span>{" "}
                  <span class="muted">{r.readinessLabel} {r.readinessWhen}</span>
                </td>
                <td class="num">
                  {r.censusNow ?? "—"}
                  {r.occupancy !== null && <div class="muted">reported {r.occupancy}</div>}
                </td>
                <td class="num" data-testid="census-peak">
                  {r.censusPeakP90 ?? "—"}
                  {r.censusPeakWhen && <div class="muted">{r.censusPeakWhen}</div>}
                </td>
                <td class="num">{r.edBeds}</td>
                <td class="num" data-testid="peak-heat">
                  {r.peakHeatIndexC === null ? "—" : `${r.peakHeatIndexC.toFixed(1)} °C`}
                </td>
                <td class="num" data-testid="peak-aqi">{r.peakAqi ?? "—"}</td>
                <td class="num">{r.arrivals24h}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
