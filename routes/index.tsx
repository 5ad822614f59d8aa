import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { EventList } from "../components/EventList.tsx";
import { FeedHealth } from "../components/FeedHealth.tsx";
import HospitalBoard from "../islands/HospitalBoard.tsx";
import RegionMap from "../islands/RegionMap.tsx";
import { RegionSvgMap } from "../components/RegionSvgMap.tsx";
import LiveUpdates from "../islands/LiveUpdates.tsx";
import { EmptyOrganisation } from "../components/EmptyOrganisation.tsx";
import { AlertList } from "../components/AlertList.tsx";
import { loadOverview, type OverviewData as Data } from "./(_overview)/load.ts";

export const config = define.config({
  access: anyone,
  audit: { resource: "observations" },
  cache: true,
});

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render(await loadOverview(ctx));
  },
};

/** Overview: readiness per hospital and the event calendar. */
export default function Overview({ data, state }: PageProps<Data>) {
  return (
    <>
      <h1>Regional ED readiness</h1>
      <p class="no-print">
        <a href="/wall">Wall screen view</a> — large type, updates itself.
      </p>
      {data.live && <LiveUpdates />}
      <AlertList alerts={data.alerts} timeZone={data.timeZone} />
      {data.map && (
        <figure class="map">
          <RegionSvgMap
            hospitals={data.map.hospitals}
            events={data.map.events}
            basemap={data.basemap ?? null}
          />
          <RegionMap {...data.map} />
          <figcaption class="muted">
            Hospitals coloured by readiness; purple circles are events in the next 72 h, sized by
            attendance. Base map: Natural Earth land and borders (world-atlas), US states and
            counties from the US Census (us-atlas).
          </figcaption>
        </figure>
      )}
      {data.rows.length
        ? <HospitalBoard rows={data.rows} axis={data.axis} />
        : <EmptyOrganisation role={state.user?.role} orgName={state.viewOrg?.name} />}
      {data.rows.length > 0 && (
        <p class="muted">
          Readiness: the census forecast (patients in the ED) against staffed beds over the next 72
          h — elevated when its p90 exceeds the beds, strained when its median does, critical when
          the median exceeds beds plus the surge allowed. Peak heat index and AQI: the next 72 h at
          the hospital. Times in each hospital's zone.
        </p>
      )}
      <div class="columns">
        <section>
          <h2>Upcoming events (90 days)</h2>
          <EventList events={data.upcoming} timeZone={data.timeZone} />
        </section>
        <section>
          <h2>Recent events</h2>
          <EventList events={data.recent} timeZone={data.timeZone} />
        </section>
      </div>
      <FeedHealth feeds={data.feeds} timeZone={data.timeZone} />
    </>
  );
}
