import type { AlertRow } from "../models/alerts.ts";
import { formatSpan, formatTime } from "../domain/time_format.ts";
import { alertTense } from "./plain_figures.ts";

/**
 * Alerts, most severe first; nothing at all when there are none. Times in the organisation's
 * zone (`timeZone`).
 */
export function AlertList(
  { alerts, timeZone, title = "Open alerts", empty, compact = false }: {
    alerts: AlertRow[];
    timeZone: string;
    title?: string;
    /** One line per alert, its message folded (the overview and the wall: decision first). */
    compact?: boolean;
    /** Shown when there are none (nothing is rendered without it). */
    empty?: string;
  },
) {
  if (!alerts.length && !empty) return null;
  const now = Date.now();
  return (
    <section class="alerts" aria-label={title} data-testid="alerts">
      <h2>{title}</h2>
      {!alerts.length && <p class="muted">{empty}</p>}
      <ul>
        {alerts.map((a) => {
          const when = (a.startsAt && a.endsAt
            ? ` · ${formatSpan(a.startsAt, a.endsAt, timeZone)}${
              alertTense(a.startsAt, a.endsAt, now)
            }`
            : "") +
            ` · raised ${formatTime(a.createdAt, timeZone)}` +
            (a.resolvedAt ? ` · resolved ${formatTime(a.resolvedAt, timeZone)}` : "") +
            (a.regionWide ? " · region-wide" : "");
          const head = (
            <>
              <span class={`badge badge-${a.severity}`}>{a.severity}</span>{" "}
              <strong>{a.title}</strong>
            </>
          );
          return (
            <li key={a.id} data-alert={a.kind} data-alert-id={a.id}>
              {compact
                ? (
                  <details>
                    <summary>
                      {head}
                      <span class="muted">{when}</span>
                    </summary>
                    {a.message}
                  </details>
                )
                : (
                  <>
                    {head}
                    {" — "}
                    {a.message}
                    <span class="muted">{when}</span>
                  </>
                )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
