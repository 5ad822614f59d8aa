import type { StoredRecommendation } from "../models/plans.ts";
import { formatTime } from "./time.ts";

const decisions = [
  { status: "accepted", label: "Accept" },
  { status: "dismissed", label: "Dismiss" },
  { status: "done", label: "Done" },
] as const;

/** Decision buttons of one recommendation: plain POST forms to /plans carrying the CSRF token. */
function DecisionForms({ id, status, csrf }: { id: string; status: string; csrf: string }) {
  return (
    <span class="plan-decisions">
      {decisions.filter((d) => d.status !== status).map((d) => (
        <form method="post" action="/plans" class="inline-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="status" value={d.status} />
          <button type="submit">{d.label}</button>
        </form>
      ))}
    </span>
  );
}

/**
 * A hospital's recommendations, most urgent first, with their status. With `csrf` (a signed-in
 * user whose role may decide) each item gets Accept / Dismiss / Done buttons; otherwise read-only.
 */
export function PlanList(
  { recommendations, timeZone, csrf }: {
    recommendations: StoredRecommendation[];
    timeZone: string;
    csrf?: string;
  },
) {
  if (!recommendations.length) {
    return <p class="muted">Nothing to do: the forecast, weather and events need no action.</p>;
  }
  return (
    <ul class="plan-list">
      {recommendations.map((r) => (
        <li class={`plan-item plan-${r.status}`} data-testid="recommendation" data-id={r.id}>
          <span class={`badge badge-${r.priority}`}>{r.priority}</span> <strong>{r.title}</strong>
          {" "}
          <span class="plan-status" data-testid="status">{r.status}</span>
          <p>{r.action}</p>
          <p class="muted">
            {r.rationale} Owner: {r.ownerRole}
            {r.dueAt ? ` · due ${formatTime(r.dueAt, timeZone, "weekdayTime")}` : ""} · {r.agent}
            {r.note ? ` · note: ${r.note}` : ""}
          </p>
          {csrf && <DecisionForms id={r.id} status={r.status} csrf={csrf} />}
        </li>
      ))}
    </ul>
  );
}
