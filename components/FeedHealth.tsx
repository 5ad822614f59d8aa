import type { FeedHealth as Health } from "../models/feed_status.ts";
import { formatTime } from "../domain/time_format.ts";
import { TableScroll } from "./TableScroll.tsx";
import { feedProblem } from "../domain/feed_problem.ts";

const labels: Record<string, string> = {
  open_meteo: "Open-Meteo weather",
  open_meteo_air: "Open-Meteo air quality",
  openaq: "OpenAQ monitors",
  airnow: "AirNow (EPA)",
};

const badge: Record<Health["status"], string> = {
  ok: "badge-normal",
  degraded: "badge-elevated",
  down: "badge-strained",
  off: "badge-unknown",
};

/** Status, last success and last error of each environmental feed, with the data credits. */
export function FeedHealth({ feeds, timeZone }: { feeds: Health[]; timeZone: string }) {
  const at = (d: Date | null) => (d ? formatTime(d, timeZone) : "never");
  return (
    <section class="feed-health">
      <h2>Environmental feeds</h2>
      <TableScroll label="Feed status">
        <table>
          <thead>
            <tr>
              <th>Feed</th>
              <th>Status</th>
              <th>Last success</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {feeds.map((f) => (
              <tr key={f.name} data-feed={f.name}>
                <td>{labels[f.name] ?? f.name}</td>
                <td>
                  {f.status === "ok" && !f.lastSuccessAt && !f.lastError
                    ? (
                      // Nothing has gone wrong, and nothing has been pulled yet either.
                      <span class="badge badge-unknown" data-status="ok">not run yet</span>
                    )
                    : (
                      <span class={`badge ${badge[f.status]}`} data-status={f.status}>
                        {f.status !== "ok" && f.lastError
                          ? feedProblem(f.lastError).badge
                          : f.status}
                      </span>
                    )}
                  {f.offReason && <span class="muted">({f.offReason})</span>}
                </td>
                <td>{at(f.lastSuccessAt)}</td>
                <td class="muted feed-error">
                  {f.lastError
                    ? (
                      <>
                        {at(f.lastErrorAt)}: {feedProblem(f.lastError).words}
                        <details>
                          <summary>the error</summary>
                          {feedProblem(f.lastError).detail}
                        </details>
                      </>
                    )
                    : "none"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p class="muted">
        Weather and air-quality data by <a href="https://open-meteo.com/">Open-Meteo.com</a>{" "}
        (CC BY 4.0), <a href="https://openaq.org/">OpenAQ</a> and{" "}
        <a href="https://www.airnow.gov/">AirNow</a>. Heat index and AQI are computed by FestSafe.
      </p>
    </section>
  );
}
