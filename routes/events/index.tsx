import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { anyone, eventEditors } from "../../lib/access.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import { EventList } from "../../components/EventList.tsx";
import { type FestEvent, listEvents } from "../../models/events.ts";
import { orgTimeZone } from "../../lib/page_data.ts";

interface Data {
  /** The events shown: upcoming and current soonest first, or past ones most recent first. */
  events: FestEvent[];
  show: "upcoming" | "past";
  upcomingCount: number;
  pastCount: number;
  timeZone: string;
}

export const config = define.config({ access: anyone, audit: false, cache: true });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    const show = ctx.url.searchParams.get("show") === "past" ? "past" : "upcoming";
    if (!orgId) {
      return ctx.render({ events: [], show, upcomingCount: 0, pastCount: 0, timeZone: "UTC" });
    }
    const [all, timeZone] = await Promise.all([
      listEvents(ctx.state.db, orgId),
      orgTimeZone(ctx.state, orgId),
    ]);
    const now = Date.now();
    const upcoming = all.filter((e) => new Date(e.endsAt).getTime() > now);
    const past = all.filter((e) => new Date(e.endsAt).getTime() <= now).reverse();
    return ctx.render({
      events: show === "past" ? past : upcoming,
      show,
      upcomingCount: upcoming.length,
      pastCount: past.length,
      timeZone,
    });
  },
};

/**
 * The event calendar of the region: upcoming and current events first, soonest first; past ones
 * (most recent first) behind a filter.
 */
export default function Events({ data, state }: PageProps<Data>) {
  const canEdit = eventEditors.roles!.includes(state.user?.role as never);
  return (
    <>
      <h1>Event calendar</h1>
      {canEdit && (
        <p class="actions">
          <a class="button" href="/events/new">Register an event</a>
        </p>
      )}
      <nav class="event-filter" aria-label="Which events">
        <a
          href="/events"
          aria-current={data.show === "upcoming" ? "page" : undefined}
          data-testid="events-upcoming"
        >
          Upcoming and under way ({data.upcomingCount})
        </a>
        <a
          href="/events?show=past"
          aria-current={data.show === "past" ? "page" : undefined}
          data-testid="events-past"
        >
          Past ({data.pastCount})
        </a>
      </nav>
      <EventList events={data.events} timeZone={data.timeZone} />
    </>
  );
}
