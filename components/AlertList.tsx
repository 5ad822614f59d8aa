import type { Alert } from "../models/alerts.ts";

/** Open alerts, most severe first; nothing at all when there are none. */
export function AlertList({ alerts }: { alerts: Alert[] }) {
  if (!alerts.length) return null;
  return (
    <section class="alerts" aria-label="Open alerts">
      <h2>Open alerts</h2>
      <ul>
        {alerts.map((a) => (
          <li key={a.id} data-alert={a.kind}>
            <span class={`badge badge-${a.severity}`}>{a.severity}</span> <strong>{a.title}</strong>
            {" — "}
            {a.message}
            {a.regionWide && <span class="muted">(region-wide)</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
