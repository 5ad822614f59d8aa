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

/**
 * Overview, decision first: the alerts, then readiness per hospital and its next 72 hours (on a
 * 1366×768 laptop both start above the fold), then the map beside the event calendar.
 */
export default function Overview({ data, state }: PageProps<Data>) {
  return (
    <>
      <div class="overview-head">
        <h1>Regional ED readiness</h1>
        <p class="no-print">
          <a href="/wall">Wall screen view</a> — large type, updates itself ·{" "}
          <a href="/how-computed">How is this computed?</a>
        </p>
      </div>
      {data.live && <LiveUpdates />}
      <AlertList alerts={data.alerts} timeZone={data.timeZone} compact />
      {data.rows.length
        ? <HospitalBoard rows={data.rows} axis={data.axis} />
        : <EmptyOrganisation role={state.user?.role} orgName={state.viewOrg?.name} />}
      {data.rows.length > 0 && (
        <p class="muted">
          Readiness: how many patients are likely in the ED (the census forecast) against its
          staffed beds, from this hour to 72 h ahead — elevated when there is a 1 in 10 chance of
          more patients than beds, strained when more patients than beds are likely, critical when
          more than beds plus the surge beds allowed are likely. Times in each hospital's zone.{" "}
          <a href="/how-computed#readiness">How is this computed?</a>
        </p>
      )}
      <div class="columns overview-below">
        {data.map && (
          <figure class="map overview-map">
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
        <section>
          <h2>Upcoming events (90 days)</h2>
          <EventList events={data.upcoming} timeZone={data.timeZone} />
          <h2>Recent events</h2>
          <EventList events={data.recent} timeZone={data.timeZone} />
        </section>
      </div>
      <FeedHealth feeds={data.feeds} timeZone={data.timeZone} />
    </>
  );
}
