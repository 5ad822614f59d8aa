import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { anyone, eventEditors } from "../../lib/access.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import { notFound } from "../../framework/http_error.ts";
import { type FestEvent, getEvent } from "../../models/events.ts";
import { orgTimeZone } from "../../lib/page_data.ts";
import { formatCount, formatTime } from "../../components/time.ts";

interface Data {
  event: FestEvent;
  timeZone: string;
}

export const config = define.config({ access: anyone, audit: false, cache: true });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    const event = orgId ? await getEvent(ctx.state.db, orgId, ctx.params.id) : null;
    if (!orgId || !event) throw notFound("event");
    return ctx.render({ event, timeZone: await orgTimeZone(ctx.state, orgId) });
  },
};

/** One event and the facts that drive its expected presentations. */
export default function EventPage({ data, state }: PageProps<Data>) {
  const e = data.event;
  const when = (d: Date) => formatTime(d, data.timeZone, "full");
  const yesNo = (b: boolean) => (b ? "yes" : "no");
  return (
    <>
      <h1>{e.name}</h1>
      {eventEditors.roles!.includes(state.user?.role as never) && (
        <p class="actions no-print">
          <a class="button" href={`/events/${e.code}/edit`}>Edit or delete</a>
        </p>
      )}
      <dl class="facts">
        <dt>Type</dt>
        <dd>{e.type.replace("_", " ")}</dd>
        <dt>Starts</dt>
        <dd>{when(e.startsAt)}</dd>
        <dt>Ends</dt>
        <dd>{when(e.endsAt)}</dd>
        <dt>Expected attendance</dt>
        <dd>{formatCount(e.expectedAttendance)}</dd>
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
