import { TableScroll } from "./TableScroll.tsx";

export interface SeriesColumn<T> {
  label: string;
  value: (row: T) => string;
  numeric?: boolean;
}

/**
 * A chart's figures as a table, folded away under a summary (WCAG 1.1.1: a text alternative
 * for the canvas). Pure Preact: pages and islands both render it.
 */
export function SeriesTable<T>(
  { summary, rows, columns, testId }: {
    summary: string;
    rows: T[];
    columns: SeriesColumn<T>[];
    testId?: string;
  },
) {
  return (
    <details class="chart-table">
      <summary>{summary}</summary>
      <TableScroll label={summary}>
        <table data-testid={testId}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} class={c.numeric ? "num" : undefined}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.label} class={c.numeric ? "num" : undefined}>{c.value(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
