import type { Handlers, PageProps } from "../../lib/define.ts";
import { notFound } from "../../framework/http_error.ts";
import { type FestEvent, getEvent } from "../../models/events.ts";
import { findDemoOrgId } from "../../models/orgs.ts";

export const handler: Handlers<FestEvent> = {
  async GET(ctx) {
    const orgId = ctx.state.user?.orgId ?? await findDemoOrgId(ctx.state.db);
    const event = orgId ? await getEvent(ctx.state.db, orgId, ctx.params.id) : null;
    if (!event) throw notFound("event");
    return ctx.render(event);
  },
};

const when = (d: Date) =>
  new Date(d).toLocaleString("en-US", {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: "America/Los_Angeles",
  });

/** One event and the facts that drive its expected presentations. */
export default function EventPage({ data: e }: PageProps<FestEvent>) {
  const yesNo = (b: boolean) => (b ? "yes" : "no");
  return (
    <>
      <h1>{e.name}</h1>
      <dl class="facts">
        <dt>Type</dt>
        <dd>{e.type.replace("_", " ")}</dd>
        <dt>Starts</dt>
        <dd>{when(e.startsAt)}</dd>
        <dt>Ends</dt>
        <dd>{when(e.endsAt)}</dd>
        <dt>Expected attendance</dt>
        <dd>{e.expectedAttendance.toLocaleString("en-US")}</dd>
        <dt>Indoor</dt>
        <dd>{yesNo(e.indoor)}</dd>
        <dt>Bounded (fenced)</dt>
        <dd>{yesNo(e.bounded)}</dd>
        <dt>Alcohol</dt>
        <dd>{yesNo(e.alcohol)}</dd>
        <dt>Free water</dt>
        <dd>{yesNo(e.freeWater)}</dd>
        <dt>Location</dt>
        <dd>{e.lat.toFixed(4)}, {e.lon.toFixed(4)}</dd>
      </dl>
    </>
  );
}
