import type { StoredRecommendation } from "../models/plans.ts";
import { formatHour } from "../domain/time_format.ts";

/**
 * Open recommendations as a briefing prints them: one line each (priority, title, who, due),
 * most urgent first, at most `max` of them so that the briefing stays one page; the rest are
 * counted with a link to the full plan.
 */
export function BriefingItems(
  { items, timeZone, max, more }: {
    items: StoredRecommendation[];
    timeZone: string;
    max: number;
    /** Where the full list is (the hospital's page with its plan). */
    more: { href: string; label: string };
  },
) {
  const shown = items.slice(0, max);
  return (
    <>
      <ul class="briefing-items">
        {shown.map((r) => (
          <li data-testid="recommendation" data-id={r.id}>
            <span class={`badge badge-${r.priority}`}>{r.priority}</span> <strong>{r.title}</strong>
            <span class="muted">
              {` · ${String(r.evidence.hicsRole ?? r.ownerRole)}`}
              {r.dueAt ? ` · due ${formatHour(r.dueAt, timeZone)}` : ""}
            </span>
          </li>
        ))}
      </ul>
      {items.length > shown.length && (
        <p class="muted" data-testid="more-items">
          {items.length - shown.length} more open: <a href={more.href}>{more.label}</a>.
        </p>
      )}
    </>
  );
}
