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
import { cachedForOrg } from "../infra/org_cache.ts";
import { EmptyOrganisation } from "../components/EmptyOrganisation.tsx";
import { AlertList } from "../components/AlertList.tsx";
import { type AlertRow, listAlerts } from "../models/alerts.ts";
import { overviewRows } from "../services/overview.ts";
import { orgTimezone } from "../services/settings.ts";
import { levelLabels } from "../domain/readiness.ts";
import { formatHour, formatTime } from "../domain/time_format.ts";

interface Data {
  rows: BoardRow[];
  upcoming: FestEvent[];
  recent: FestEvent[];
  map: RegionMapProps | null;
  feeds: Health[];
  alerts: AlertRow[];
  /** The organisation's zone (settings, else its first hospital's). */
  timeZone: string;
  /** Live updates need an account (GET /api/live); the public demo view has none. */
  live: boolean;
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
        timeZone: "UTC",
        live: false,
      });
    }
    const now = new Date();
    const day = 86_400_000;
    const [hospitals, upcoming, recent, alerts, timeZone] = await cachedForOrg(
      orgId,
      "overview",
      () =>
        Promise.all([
          overviewRows(db, orgId, now),
          listEvents(db, orgId, { from: now, to: new Date(now.getTime() + 90 * day) }),
          listEvents(db, orgId, { from: new Date(now.getTime() - 90 * day), to: now }),
          listAlerts(db, orgId, { state: "open" }),
          orgTimezone(db, orgId),
        ]),
    );
    const rows: BoardRow[] = hospitals.map((h) => ({
      id: h.id,
      code: h.code,
      name: h.name,
      edBeds: h.edBeds,
      arrivals24h: h.arrivals24h,
      occupancy: h.occupancy,
      readiness: h.readiness,
      readinessLabel: levelLabels[h.readiness],
      readinessWhen: h.readinessFrom ? `from ${formatHour(h.readinessFrom, h.timezone)}` : "",
      censusNow: h.censusNow,
      censusPeakP90: h.censusPeakP90,
      censusPeakWhen: h.censusPeakAt ? formatHour(h.censusPeakAt, h.timezone) : "",
      peakHeatIndexC: h.peakHeatIndexC,
      peakAqi: h.peakAqi,
      planNote: h.planAt
        ? `${h.stale ? "Stale plan" : "Plan"} of ${formatTime(h.planAt, h.timezone)}`
        : "No plan yet: built within a minute of the first data",
      stale: h.stale,
    }));
    const soon = upcoming.filter((e) => new Date(e.startsAt).getTime() < now.getTime() + 3 * day);
    const { vendor = {} } = ctx.state.assets;
    const map: RegionMapProps | null = hospitals.length || soon.length
      ? {
        hospitals: hospitals.map((h) => ({
          id: h.id,
          name: h.name,
          lat: h.lat,
          lon: h.lon,
          readiness: h.readiness,
        })),
        events: soon.map((e) => ({ ...e, startsAt: new Date(e.startsAt).toISOString() })),
        basemapUrl: "/basemap/southern-california.geojson",
        workerUrl: vendor.maplibreWorker,
        cssUrl: vendor.maplibreCss,
        tilesUrl: ctx.state.config.MAP_TILES_URL,
      }
      : null;
    const live = Boolean(ctx.state.user);
    return ctx.render({
      rows,
      upcoming,
      recent: recent.reverse(),
      map,
      feeds,
      alerts,
      timeZone,
      live,
    });
  },
};

/** Overview: readiness per hospital and the event calendar. */
export default function Overview({ data, state }: PageProps<Data>) {
  return (
    <>
      <h1>Regional ED readiness</h1>
      {data.live && <LiveUpdates />}
      <AlertList alerts={data.alerts} timeZone={data.timeZone} />
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
