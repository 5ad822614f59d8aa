/**
 * The overview's data (the overview and its wall-screen view): per hospital the readiness and
 * 72-hour timeline from its latest plan, events, the map, open alerts and feed health.
 */
import type { RouteContext } from "../../lib/define.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import { type FeedHealth as Health, listFeedHealth } from "../../models/feed_status.ts";
import type { BoardRow, TimelineAxis } from "../../islands/HospitalBoard.tsx";
import type { RegionMapProps } from "../../islands/RegionMap.tsx";
import { type Basemap, basemapFor, basemapUrl, extentOf } from "../../lib/basemap.ts";
import { orgUnits } from "../../lib/org_units.ts";
import { formatTemperature } from "../../domain/units.ts";
import { type FestEvent, listEvents } from "../../models/events.ts";
import { cachedForOrg } from "../../infra/org_cache.ts";
import { type AlertRow, listAlerts } from "../../models/alerts.ts";
import {
  type OverviewRow,
  overviewRows,
  TIMELINE_HOURS,
  timelineStart,
} from "../../services/overview.ts";
import { orgTimezone } from "../../services/settings.ts";
import { dataAgeWords, dataStoppedWords } from "../../domain/freshness.ts";
import { readinessWords } from "../../domain/ed_status.ts";
import { orgBoardStatus } from "../../services/ed_status.ts";
import {
  formatHour,
  formatSpan,
  formatTime,
  localHour,
  zoneAbbreviation,
} from "../../domain/time_format.ts";

export interface OverviewData {
  rows: BoardRow[];
  axis: TimelineAxis;
  upcoming: FestEvent[];
  recent: FestEvent[];
  map: RegionMapProps | null;
  /** The base map of the map's places, for the server-drawn SVG map (lib/basemap.ts). */
  basemap?: Basemap | null;
  feeds: Health[];
  alerts: AlertRow[];
  /** The organisation's zone (settings, else its first hospital's). */
  timeZone: string;
  /** Live updates need an account (GET /api/live); the public demo view has none. */
  live: boolean;
}

export async function loadOverview(ctx: RouteContext<unknown>): Promise<OverviewData> {
  const { db } = ctx.state;
  const orgId = await viewerOrgId(ctx.state);
  const feeds = await cachedForOrg(
    "platform",
    "feeds",
    () => listFeedHealth(db, ctx.state.config),
  );
  if (!orgId) {
    return {
      rows: [],
      axis: timelineAxis(new Date(), "UTC", []),
      upcoming: [],
      recent: [],
      map: null,
      feeds,
      alerts: [],
      timeZone: "UTC",
      live: false,
    };
  }
  const day = 86_400_000;
  // `now` is cached with the rows, so the timeline's axis and cells share their first hour.
  const [hospitals, upcoming, recent, alerts, timeZone, now, board] = await cachedForOrg(
    orgId,
    "overview",
    () => {
      const now = new Date();
      return Promise.all([
        overviewRows(db, orgId, now),
        listEvents(db, orgId, { from: now, to: new Date(now.getTime() + 90 * day) }),
        listEvents(db, orgId, { from: new Date(now.getTime() - 90 * day), to: now }),
        listAlerts(db, orgId, { state: "open" }),
        orgTimezone(db, orgId),
        now,
        orgBoardStatus(db, orgId, now),
      ]);
    },
  );
  const units = await orgUnits(ctx.state, orgId);
  const rows: BoardRow[] = hospitals.map((h) => ({
    ...timelineOfRow(h),
    ...boardStatusOf(board.get(h.id), h.timezone),
    id: h.id,
    code: h.code,
    name: h.name,
    edBeds: h.edBeds,
    arrivals24h: h.arrivals24h,
    occupancy: h.occupancy,
    readiness: h.readiness,
    readinessLabel: h.freshness.stale
      ? `— ${dataNote(h)}`
      : readinessWords(h.readiness, board.get(h.id)?.status),
    dataNote: h.freshness.stale ? dataNote(h) : undefined,
    readinessWhen: h.freshness.stale
      ? ""
      : h.readinessNow
      ? "now"
      : h.readinessFrom
      ? `from ${formatHour(h.readinessFrom, h.timezone)}`
      : "",
    censusNow: h.censusNow,
    nowReported: h.timeline[0]?.reported === true,
    censusNowNote: h.censusNowSource === "reported"
      ? `reported ${formatHour(h.occupancyAt!, h.timezone)}`
      : h.censusNowSource === "forecast"
      ? h.occupancyAt
        ? `forecast (last report ${formatHour(h.occupancyAt, h.timezone)}: ${h.occupancy})`
        : "forecast (no occupancy reported)"
      : "",
    censusPeakP90: h.censusPeakP90,
    censusPeakWhen: h.censusPeakAt ? formatHour(h.censusPeakAt, h.timezone) : "",
    peakHeatIndexC: h.peakHeatIndexC,
    peakHeatIndex: h.peakHeatIndexC === null ? null : formatTemperature(h.peakHeatIndexC, units),
    peakAqi: h.peakAqi,
    planNote: h.planAt
      ? `${h.stale ? "Stale plan" : "Plan"} of ${formatHour(h.planAt, h.timezone)}`
      : "No plan yet: built within a minute of the first data",
    stale: h.stale,
  }));
  const soon = upcoming.filter((e) => new Date(e.startsAt).getTime() < now.getTime() + 3 * day);
  const { vendor = {} } = ctx.state.assets;
  const places = [...hospitals, ...soon];
  const map: RegionMapProps | null = hospitals.length || soon.length
    ? {
      hospitals: hospitals.map((h) => ({
        id: h.id,
        name: h.name,
        lat: h.lat,
        lon: h.lon,
        // A reported diversion is drawn as the worst level, never in "normal" green.
        readiness: board.get(h.id)?.status.diversion?.value ? "critical" : h.readiness,
      })),
      events: soon.map((e) => ({ ...e, startsAt: new Date(e.startsAt).toISOString() })),
      basemapUrl: basemapUrl(places),
      workerUrl: vendor.maplibreWorker,
      cssUrl: vendor.maplibreCss,
      tilesUrl: ctx.state.config.MAP_TILES_URL,
    }
    : null;
  const live = Boolean(ctx.state.user);
  return {
    rows,
    axis: timelineAxis(now, timeZone, soon),
    upcoming,
    recent: [...recent].reverse(),
    map,
    basemap: map ? await basemapFor(extentOf(places)) : null,
    feeds,
    alerts,
    timeZone,
    live,
  };
}

/** "data stopped Mon 14:00 PDT (30 h ago)" in the hospital's zone. */
function dataNote(h: OverviewRow): string {
  const f = h.freshness;
  return f.dataAt === null
    ? dataStoppedWords(null, h.timezone)
    : `${dataStoppedWords(f.dataAt, h.timezone)} (${dataAgeWords(f.dataAgeHours)})`;
}

/** A hospital's reported diversion and NEDOCS in the board row's shape. */
function boardStatusOf(
  b: Awaited<ReturnType<typeof orgBoardStatus>> extends Map<string, infer V> ? V | undefined
    : never,
  timeZone: string,
): Pick<BoardRow, "diversion" | "nedocs"> {
  const d = b?.status.diversion;
  return {
    diversion: d?.value ? { reason: d.reason, since: formatHour(d.at, timeZone) } : null,
    nedocs: b?.nedocs ? { score: b.nedocs.score, band: b.nedocs.band } : null,
  };
}

const HOUR = 3_600_000;
const letters = { normal: "n", elevated: "e", strained: "s", critical: "c" } as const;

/** A hospital's timeline in the board's compact form. */
function timelineOfRow(h: OverviewRow) {
  return {
    levels: h.timeline.map((c) => c ? letters[c.level] : "-").join(""),
    censusP50: h.timeline.map((c) => c?.p50 ?? null),
    censusP90: h.timeline.map((c) => c?.p90 ?? null),
  };
}

/** The timeline's hour labels and local days in the organisation's zone, and its events. */
function timelineAxis(now: Date, timeZone: string, events: FestEvent[]): TimelineAxis {
  const start = timelineStart(now).getTime(), end = start + TIMELINE_HOURS * HOUR;
  const hours: string[] = [], hourOfDay: number[] = [], days: TimelineAxis["days"] = [];
  for (let i = 0; i < TIMELINE_HOURS; i++) {
    const t = start + i * HOUR;
    hours.push(formatHour(t, timeZone));
    const hod = localHour(t, timeZone);
    hourOfDay.push(hod);
    if (i === 0 || hod === 0) {
      days.push({ label: formatTime(t, timeZone).split(",")[0], span: 0 });
    }
    days[days.length - 1].span++;
  }
  const column = (t: number) =>
    Math.max(0, Math.min(TIMELINE_HOURS, Math.floor((t - start) / HOUR)));
  return {
    start: new Date(start).toISOString(),
    hours,
    days,
    hourOfDay,
    zone: `${timeZone}, ${zoneAbbreviation(now, timeZone)}`,
    events: events
      .filter((e) => new Date(e.endsAt).getTime() > start && new Date(e.startsAt).getTime() < end)
      .map((e) => ({
        code: e.code,
        name: e.name,
        from: column(new Date(e.startsAt).getTime()),
        to: column(new Date(e.endsAt).getTime() + HOUR - 1),
        when: formatSpan(e.startsAt, e.endsAt, timeZone),
      })),
  };
}
