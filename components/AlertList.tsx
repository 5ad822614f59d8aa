import type { AlertRow } from "../models/alerts.ts";
import { formatSpan, formatTime } from "../domain/time_format.ts";

/**
 * Alerts, most severe first; nothing at all when there are none. Times in the organisation's
 * zone (`timeZone`).
 */
export function AlertList(
  { alerts, timeZone, title = "Open alerts", empty }: {
    alerts: AlertRow[];
    timeZone: string;
    title?: string;
    /** Shown when there are none (nothing is rendered without it). */
    empty?: string;
  },
) {
  if (!alerts.length && !empty) return null;
  return (
    <section class="alerts" aria-label={title} data-testid="alerts">
      <h2>{title}</h2>
      {!alerts.length && <p class="muted">{empty}</p>}
      <ul>
        {alerts.map((a) => (
          <li key={a.id} data-alert={a.kind} data-alert-id={a.id}>
            <span class={`badge badge-${a.severity}`}>{a.severity}</span> <strong>{a.title}</strong>
            {" — "}
            {a.message}
            <span class="muted">
              {a.startsAt && a.endsAt ? ` · ${formatSpan(a.startsAt, a.endsAt, timeZone)}` : ""}
              {` · raised ${formatTime(a.createdAt, timeZone)}`}
              {a.resolvedAt ? ` · resolved ${formatTime(a.resolvedAt, timeZone)}` : ""}
              {a.regionWide ? " · region-wide" : ""}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
