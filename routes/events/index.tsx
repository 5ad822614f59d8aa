import type { Handlers, PageProps } from "../../lib/define.ts";
import { EventList } from "../../components/EventList.tsx";
import { type FestEvent, listEvents } from "../../models/events.ts";
import { findDemoOrgId } from "../../models/orgs.ts";

export const handler: Handlers<FestEvent[]> = {
  async GET(ctx) {
    const orgId = ctx.state.user?.orgId ?? await findDemoOrgId(ctx.state.db);
    return ctx.render(orgId ? await listEvents(ctx.state.db, orgId) : []);
  },
};

/** The event calendar of the region. */
export default function Events({ data }: PageProps<FestEvent[]>) {
  return (
    <>
      <h1>Event calendar</h1>
      <EventList events={data} />
    </>
  );
}
