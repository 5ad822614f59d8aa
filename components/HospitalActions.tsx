import { everyone, planners } from "../lib/access.ts";
import type { Hospital } from "../models/hospitals.ts";

/**
 * Under a hospital's name: edit (planners) and CSV/JSON downloads of its forecast, recent
 * arrivals and plan (signed-in users: the API routes behind them need an account).
 */
export function HospitalActions({ hospital, role }: { hospital: Hospital; role?: string }) {
  if (!role || !everyone.roles?.includes(role as never)) return null;
  const id = encodeURIComponent(hospital.code);
  return (
    <p class="actions no-print" data-testid="hospital-actions">
      {planners.roles?.includes(role as never) && (
        <a class="button" href={`/hospitals/${id}/edit`}>Edit hospital</a>
      )}
      <span>Download:</span>
      <a href={`/api/hospitals/${id}/forecast?format=csv`} download data-testid="forecast-csv">
        forecast (CSV)
      </a>
      <a href={`/api/hospitals/${id}/forecast`} download={`forecast-${hospital.code}.json`}>
        forecast (JSON)
      </a>
      <a href={`/api/hospitals/${id}/observations?format=csv`} download>arrivals, 7 days (CSV)</a>
      <a href={`/api/plans/latest?hospitalId=${id}&format=csv`} download>plan (CSV)</a>
    </p>
  );
}
