import type { PlanEnvironmentHour } from "../domain/plans/types.ts";
import { heatCategoryOf } from "../domain/plans/heat.ts";
import { aqiCategoryOf } from "../domain/plans/air_quality.ts";
import { formatHour } from "../domain/time_format.ts";
import { TableScroll } from "./TableScroll.tsx";
import { formatTemperature, METRIC, type Units } from "../domain/units.ts";

/** Hourly heat index and AQI with their NWS / EPA categories (collapsed by default). */
export function ConditionsTable(
  { hours, timeZone, units = METRIC }: {
    hours: PlanEnvironmentHour[];
    timeZone: string;
    /** °C or °F (domain/units.ts); categories are decided in °C either way. */
    units?: Units;
  },
) {
  return (
    <details>
      <summary>Hourly heat index and AQI</summary>
      <TableScroll label="Hourly heat index and AQI">
        <table data-testid="conditions-table">
          <thead>
            <tr>
              <th>Hour</th>
              <th class="num">Heat index</th>
              <th>NWS</th>
              <th class="num">AQI</th>
              <th>EPA</th>
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr>
                <td>{formatHour(h.ts, timeZone)}</td>
                <td class="num">
                  {h.heatIndexC === null ? "—" : formatTemperature(h.heatIndexC, units)}
                </td>
                <td>{h.heatIndexC === null ? "" : heatCategoryOf(h.heatIndexC)?.name ?? ""}</td>
                <td class="num">{h.aqi ?? "—"}</td>
                <td>{h.aqi === null ? "" : aqiCategoryOf(h.aqi)?.name ?? "good / moderate"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
