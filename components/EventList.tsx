import type { FestEvent } from "../models/events.ts";

const dateFormat = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "America/Los_Angeles",
});

/** A compact event calendar. */
export function EventList({ events }: { events: FestEvent[] }) {
  if (!events.length) return <p class="muted">No events in this window.</p>;
  return (
    <ul class="event-list">
      {events.map((e) => (
        <li key={e.id}>
          <a href={`/events/${e.id}`}>{e.name}</a>
          <span class="muted">
            {" "}
            {e.type.replace("_", " ")} · {dateFormat.format(new Date(e.startsAt))} ·{" "}
            {e.expectedAttendance.toLocaleString("en-US")} expected
          </span>
        </li>
      ))}
    </ul>
  );
}
