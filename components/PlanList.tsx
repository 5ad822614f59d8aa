import type { StoredRecommendation } from "../models/plans.ts";

const decisions = [
  { status: "accepted", label: "Accept" },
  { status: "dismissed", label: "Dismiss" },
  { status: "done", label: "Done" },
] as const;

import { dueText } from "./plain_figures.ts";

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
 * A hospital's recommendations, most urgent first, each as a short summary — what to do, by
 * when (read now: a passed deadline says "now"), who — with its action and reasons folded
 * (<details>). With `csrf` (a signed-in user whose role may decide) each item gets Accept /
 * Dismiss / Done buttons; otherwise read-only.
 */
export function PlanList(
  { recommendations, timeZone, csrf, now = Date.now() }: {
    recommendations: StoredRecommendation[];
    timeZone: string;
    csrf?: string;
    /** When the page is read (deadlines are said relative to it). */
    now?: number;
  },
) {
  if (!recommendations.length) {
    return (
      <p class="muted" data-testid="nothing-to-do">
        Nothing to do: the census forecast, weather and events need no action.
      </p>
    );
  }
  return (
    <ul class="plan-list">
      {recommendations.map((r) => (
        <li class={`plan-item plan-${r.status}`} data-testid="recommendation" data-id={r.id}>
          <div class="plan-line">
            <span class={`badge badge-${r.priority}`}>{r.priority}</span> <strong>{r.title}</strong>
            {" "}
            <span class="plan-status" data-testid="status">{r.status}</span>
          </div>
          <div class="plan-when-who">
            {r.dueAt && (
              <span data-testid="due">
                <span class="muted">By when:</span> {dueText(r.dueAt, now, timeZone)}
              </span>
            )}
            <span>
              <span class="muted">Who:</span> {String(r.evidence.hicsRole ?? r.ownerRole)}
            </span>
            {csrf && <DecisionForms id={r.id} status={r.status} csrf={csrf} />}
          </div>
          <details class="plan-details">
            <summary>What exactly, and why</summary>
            <p>{r.action}</p>
            <p class="muted">
              {r.rationale} · {r.agent}
              {r.note ? ` · note: ${r.note}` : ""}
            </p>
          </details>
        </li>
      ))}
    </ul>
  );
}
