import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { formatSpan, formatTime } from "../domain/time_format.ts";
import { alertTense } from "../components/plain_figures.ts";

/** An alert as GET /api/alerts returns it (the fields this list shows). */
export interface AlertItem {
  id: string;
  kind: string;
  severity: string;
  title: string;
  message: string;
  startsAt: string | null;
  endsAt: string | null;
  raisedAt: string;
  updatedAt: string | null;
  resolvedAt: string | null;
  regionWide: boolean;
}

/**
 * The organisation's alerts, open first; with `live` (a signed-in user) it follows GET /api/live
 * and reloads the list from GET /api/alerts whenever an alert is raised, updated or resolved.
 */
export default function LiveAlerts(
  { alerts, timeZone, live }: { alerts: AlertItem[]; timeZone: string; live: boolean },
) {
  const list = useSignal(alerts);
  const status = useSignal(live ? "connecting…" : "");
  useEffect(() => {
    if (!live) return;
    const source = new EventSource("/api/live");
    source.addEventListener("hello", () => status.value = "live");
    source.onerror = () => status.value = "reconnecting…";
    source.addEventListener("alert", async () => {
      const res = await fetch("/api/alerts?state=all");
      if (res.ok) {
        list.value = await res.json();
        status.value = `live · updated ${formatTime(new Date(), timeZone)}`;
      }
    });
    return () => source.close();
  }, []);
  const open = list.value.filter((a) => !a.resolvedAt);
  const resolved = list.value.filter((a) => a.resolvedAt).slice(0, 30);
  const item = (a: AlertItem) => (
    <li key={a.id} data-alert={a.kind} data-alert-id={a.id} data-severity={a.severity}>
      <span class={`badge badge-${a.severity}`}>{a.severity}</span> <strong>{a.title}</strong>
      {" — "}
      {a.message}
      <span class="muted">
        {a.startsAt && a.endsAt
          ? ` · ${formatSpan(a.startsAt, a.endsAt, timeZone)}${
            a.resolvedAt ? "" : alertTense(a.startsAt, a.endsAt, Date.now())
          }`
          : ""}
        {` · raised ${formatTime(a.raisedAt, timeZone)}`}
        {a.updatedAt && a.updatedAt !== a.raisedAt && !a.resolvedAt
          ? ` · updated ${formatTime(a.updatedAt, timeZone)}`
          : ""}
        {a.resolvedAt ? ` · resolved ${formatTime(a.resolvedAt, timeZone)}` : ""}
        {a.regionWide ? " · region-wide" : ""}
      </span>
    </li>
  );
  return (
    <section class="alerts" aria-label="Alerts" data-testid="live-alerts">
      {live && <p class="muted" role="status" data-testid="alerts-status">{status.value}</p>}
      <h2>Open ({open.length})</h2>
      {open.length
        ? <ul data-testid="open-alerts">{open.map(item)}</ul>
        : <p class="muted">No open alerts.</p>}
      <h2>Recently resolved</h2>
      {resolved.length
        ? <ul data-testid="resolved-alerts">{resolved.map(item)}</ul>
        : <p class="muted">None.</p>}
    </section>
  );
}
