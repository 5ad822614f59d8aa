import { useSignal } from "@preact/signals";
import { TableScroll } from "../components/TableScroll.tsx";

export interface BoardRow {
  id: string;
  name: string;
  edBeds: number;
  arrivals24h: number;
  occupancy: number | null;
  readiness: "normal" | "elevated" | "strained" | "unknown";
}

const severity = { strained: 3, elevated: 2, normal: 1, unknown: 0 };

/** Readiness per hospital, sortable by name or by load, filterable to those under strain. */
export default function HospitalBoard({ rows }: { rows: BoardRow[] }) {
  const sortBy = useSignal<"name" | "load">("name");
  const onlyPressed = useSignal(false);
  const shown = rows
    .filter((r) => !onlyPressed.value || severity[r.readiness] >= 2)
    .sort((a, b) =>
      sortBy.value === "name"
        ? a.name.localeCompare(b.name)
        : (b.occupancy ?? 0) / Math.max(b.edBeds, 1) - (a.occupancy ?? 0) / Math.max(a.edBeds, 1)
    );
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
          Only elevated or strained
        </label>
        <span class="muted" data-testid="board-count">{shown.length} of {rows.length} shown</span>
      </div>
      <TableScroll label="Hospital readiness table">
        <table>
          <thead>
            <tr>
              <th>Hospital</th>
              <th>Readiness</th>
              <th class="num">ED occupancy</th>
              <th class="num">ED beds</th>
              <th class="num">Arrivals, last 24 h</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-hospital={r.name}>
                <td>
                  <a href={`/hospitals/${r.id}`}>{r.name}</a>
                </td>
                <td>
                  <span class={`badge badge-${r.readiness}`}>{r.readiness}</span>
                </td>
                <td class="num">{r.occupancy ?? "—"}</td>
                <td class="num">{r.edBeds}</td>
                <td class="num">{r.arrivals24h}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
