import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { anyone, eventEditors } from "../../lib/access.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import { EventList } from "../../components/EventList.tsx";
import { type FestEvent, listEvents } from "../../models/events.ts";
import { orgTimeZone } from "../../lib/page_data.ts";

interface Data {
  events: FestEvent[];
  timeZone: string;
}

export const config = define.config({ access: anyone, audit: false, cache: true });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    if (!orgId) return ctx.render({ events: [], timeZone: "UTC" });
    const [events, timeZone] = await Promise.all([
      listEvents(ctx.state.db, orgId),
      orgTimeZone(ctx.state, orgId),
    ]);
    return ctx.render({ events, timeZone });
  },
};

/** The event calendar of the region. */
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
      <EventList events={data.events} timeZone={data.timeZone} />
    </>
  );
}
