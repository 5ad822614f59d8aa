import { AdminForm } from "./AdminForm.tsx";
import { formatTime } from "../../domain/time_format.ts";
import type { CalendarFeedToken } from "../../models/calendar_feed.ts";

/**
 * The organisation's iCalendar feed (RFC 5545): create its link (shown once, replacing any
 * earlier one) or revoke it.
 */
export function CalendarFeedSection(
  { feed, newUrl, csrf, timeZone }: {
    feed: CalendarFeedToken | null;
    newUrl?: string;
    csrf: string;
    timeZone: string;
  },
) {
  return (
    <section id="calendar-feed">
      <h2>Calendar feed</h2>
      <p class="muted">
        Planners can subscribe their calendar (Outlook, Google, Apple) to the organisation's events.
        Anyone with the link can read the events: revoke it when it leaks or someone leaves.
      </p>
      {newUrl && (
        <p data-testid="calendar-feed-url">
          Copy this link now, it is shown only once: <code>{newUrl}</code>
        </p>
      )}
      <p>
        {feed
          ? `A feed link …${feed.tokenHint.slice(-4)} exists since ${
            formatTime(feed.createdAt, timeZone)
          }.`
          : "No feed link."}{" "}
        <AdminForm csrf={csrf} action="create_calendar_feed" inline>
          <button type="submit">{feed ? "Replace link" : "Create feed link"}</button>
        </AdminForm>{" "}
        {feed && (
          <AdminForm csrf={csrf} action="revoke_calendar_feed" inline>
            <button type="submit">Revoke</button>
          </AdminForm>
        )}
      </p>
    </section>
  );
}
