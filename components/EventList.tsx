import type { FestEvent } from "../models/events.ts";
import { formatDateTime } from "../domain/time_format.ts";
import { formatCount } from "./time.ts";

/** A compact event calendar, times in the organisation's zone. */
export function EventList({ events, timeZone }: { events: FestEvent[]; timeZone: string }) {
  if (!events.length) return <p class="muted">No events in this window.</p>;
  return (
    <ul class="event-list">
      {events.map((e) => (
        <li key={e.id}>
          <a href={`/events/${e.id}`}>{e.name}</a>
          <span class="muted">
            {" "}
            {e.type.replace("_", " ")} · {formatDateTime(e.startsAt, timeZone)} ·{" "}
            {formatCount(e.expectedAttendance)} expected
          </span>
        </li>
      ))}
    </ul>
  );
}
