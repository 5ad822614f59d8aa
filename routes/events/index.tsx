import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { anyone } from "../../lib/access.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import { EventList } from "../../components/EventList.tsx";
import { type FestEvent, listEvents } from "../../models/events.ts";
import { orgTimezone } from "../../services/settings.ts";

interface Data {
  events: FestEvent[];
  timeZone: string;
}

export const config = define.config({ access: anyone, audit: false });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    if (!orgId) return ctx.render({ events: [], timeZone: "UTC" });
    const [events, timeZone] = await Promise.all([
      listEvents(ctx.state.db, orgId),
      orgTimezone(ctx.state.db, orgId),
    ]);
    return ctx.render({ events, timeZone });
  },
};

/** The event calendar of the region. */
export default function Events({ data }: PageProps<Data>) {
  return (
    <>
      <h1>Event calendar</h1>
      <EventList events={data.events} timeZone={data.timeZone} />
    </>
  );
}
