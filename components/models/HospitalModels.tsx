import type { OwnDataError } from "../../services/model_errors.ts";
import { TableScroll } from "../TableScroll.tsx";

/**
 * Which model forecasts each hospital, how much history each has, and its own-data error (in a
 * box of its own that scrolls on a phone rather than widening the page, like the other tables).
 */
export function HospitalModels(
  { hospitals, minDays }: {
    hospitals: {
      id: string;
      name: string;
      historyDays: number;
      model: string | null;
      ownDataError?: OwnDataError | null;
    }[];
    minDays: number;
  },
) {
  return (
    <TableScroll label="Hospitals and their models">
      <table data-testid="hospital-models">
        <thead>
          <tr>
            <th>Hospital</th>
            <th>Hourly history</th>
            <th>Forecast by</th>
            <th>Error on this hospital's own data</th>
          </tr>
        </thead>
        <tbody>
          {hospitals.map((h) => (
            <tr key={h.id}>
              <td>{h.name}</td>
              <td class="num">
                {h.historyDays} days{h.historyDays < minDays ? ` (under ${minDays})` : ""}
              </td>
              <td>{h.model ?? "—"}</td>
              <td data-testid="own-data-error">
                {h.ownDataError?.summary ?? "not measured yet (at the next training of your model)"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
