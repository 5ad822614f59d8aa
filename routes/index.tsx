import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { viewerOrgId } from "../lib/caller.ts";
import { EventList } from "../components/EventList.tsx";
import { FeedHealth } from "../components/FeedHealth.tsx";
import { type FeedHealth as Health, listFeedHealth } from "../models/feed_status.ts";
import HospitalBoard, { type BoardRow } from "../islands/HospitalBoard.tsx";
import RegionMap, { type RegionMapProps } from "../islands/RegionMap.tsx";
import { RegionSvgMap } from "../components/RegionSvgMap.tsx";
import LiveUpdates from "../islands/LiveUpdates.tsx";
import { type FestEvent, listEvents } from "../models/events.ts";
import { listHospitals } from "../models/hospitals.ts";
import { recentLoad } from "../models/observations.ts";
import { readinessOf } from "../domain/readiness.ts";
import { cachedForOrg } from "../infra/org_cache.ts";
import { EmptyOrganisation } from "../components/EmptyOrganisation.tsx";
import { AlertList } from "../components/AlertList.tsx";
import { type Alert, listOpenAlerts } from "../models/alerts.ts";

interface Data {
  rows: BoardRow[];
  upcoming: FestEvent[];
  recent: FestEvent[];
  map: RegionMapProps | null;
  feeds: Health[];
  alerts: Alert[];
  /** Live updates need an account (GET /api/live); the public demo view has none. */
  live: boolean;
  /** The organisation's zone for event times (its first hospital's until settings say). */
  timeZone: string;
}

export const config = define.config({
  access: anyone,
  audit: { resource: "observations" },
  cache: true,
});

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const { db } = ctx.state;
    const orgId = await viewerOrgId(ctx.state);
    const feeds = await cachedForOrg(
      "platform",
      "feeds",
      () => listFeedHealth(db, ctx.state.config),
    );
    if (!orgId) {
      return ctx.render({
        rows: [],
        upcoming: [],
        recent: [],
        map: null,
        feeds,
        alerts: [],
        live: false,
        timeZone: "UTC",
      });
    }
    const now = new Date();
    const day = 86_400_000;
    const [hospitals, load, upcoming, recent, alerts] = await cachedForOrg(
      orgId,
      "overview",
      () =>
        Promise.all([
          listHospitals(db, orgId),
          recentLoad(db, orgId, now),
          listEvents(db, orgId, { from: now, to: new Date(now.getTime() + 90 * day) }),
          listEvents(db, orgId, { from: new Date(now.getTime() - 90 * day), to: now }),
          listOpenAlerts(db, orgId),
        ]),
    );
    const byId = new Map(load.map((l) => [l.hospitalId, l]));
    const rows = hospitals.map((h) => {
      const l = byId.get(h.id);
      const occupancy = l?.latestOccupancy ?? null;
      return {
        id: h.id,
        name: h.name,
        edBeds: h.edBeds,
        arrivals24h: l?.arrivals24h ?? 0,
        occupancy,
        readiness: readinessOf(occupancy, h.edBeds),
      };
    });
    const soon = upcoming.filter((e) => new Date(e.startsAt).getTime() < now.getTime() + 3 * day);
    const { vendor = {} } = ctx.state.assets;
    const map: RegionMapProps | null = hospitals.length || soon.length
      ? {
        hospitals: hospitals.map((h, i) => ({ ...h, readiness: rows[i].readiness })),
        events: soon.map((e) => ({ ...e, startsAt: new Date(e.startsAt).toISOString() })),
        basemapUrl: "/basemap/southern-california.geojson",
        workerUrl: vendor.maplibreWorker,
        cssUrl: vendor.maplibreCss,
        tilesUrl: ctx.state.config.MAP_TILES_URL,
      }
      : null;
    const live = Boolean(ctx.state.user);
    const timeZone = hospitals[0]?.timezone ?? "UTC";
    return ctx.render({
      rows,
      upcoming,
      recent: recent.reverse(),
      map,
      feeds,
      alerts,
      live,
      timeZone,
    });
  },
};

/** Overview: readiness per hospital and the event calendar. */
export default function Overview({ data, state }: PageProps<Data>) {
  return (
    <>
      <h1>Regional ED readiness</h1>
      {data.live && <LiveUpdates />}
      <AlertList alerts={data.alerts} />
      {data.map && (
        <figure class="map">
          <RegionSvgMap hospitals={data.map.hospitals} events={data.map.events} />
          <RegionMap {...data.map} />
          <figcaption class="muted">
            Hospitals coloured by readiness; purple circles are events in the next 72 h, sized by
            attendance. Base map: US Census county outlines (us-atlas).
          </figcaption>
        </figure>
      )}
      {data.rows.length
        ? <HospitalBoard rows={data.rows} />
        : <EmptyOrganisation role={state.user?.role} orgName={state.viewOrg?.name} />}
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
      <FeedHealth feeds={data.feeds} />
    </>
  );
}
