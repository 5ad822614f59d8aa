import type { AlertRow } from "../models/alerts.ts";
import { formatSpan, formatTime } from "../domain/time_format.ts";
import { fromNow } from "./plain_figures.ts";

/** Whether the alert's hours are under way, ahead (how soon, read now) or over. */
function tense(a: AlertRow, now: number): string {
  if (!a.startsAt || !a.endsAt) return "";
  if (new Date(a.endsAt).getTime() <= now) return " (over)";
  return new Date(a.startsAt).getTime() <= now
    ? " (under way)"
    : ` (starts ${fromNow(a.startsAt, now)})`;
}

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
            ? ` · ${formatSpan(a.startsAt, a.endsAt, timeZone)}${tense(a, now)}`
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
