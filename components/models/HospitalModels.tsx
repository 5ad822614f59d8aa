/** Which model forecasts each hospital, and how much history each has. */
export function HospitalModels(
  { hospitals, minDays }: {
    hospitals: { id: string; name: string; historyDays: number; model: string | null }[];
    minDays: number;
  },
) {
  return (
    <table data-testid="hospital-models">
      <thead>
        <tr>
          <th>Hospital</th>
          <th>Hourly history</th>
          <th>Forecast by</th>
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
          </tr>
        ))}
      </tbody>
    </table>
  );
}
