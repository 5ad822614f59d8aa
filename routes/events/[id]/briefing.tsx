import { CensusUnknown, eventEnded, noConditionsText } from "../../../components/EventTense.tsx";
import { attendanceWords, coverLine, medicalCover } from "../../../domain/event_cover.ts";
import { dailyAttendance, eventDays } from "../../../domain/event_load.ts";
import { formatPeople } from "../../../components/plain_figures.ts";
import { define, type Handlers, type PageProps } from "../../../lib/define.ts";
import { anyone } from "../../../lib/access.ts";
import { viewerOrgId } from "../../../lib/caller.ts";
import { notFound } from "../../../framework/http_error.ts";
import { type FestEvent, getEvent } from "../../../models/events.ts";
import type { StoredRecommendation } from "../../../models/plans.ts";
import { eventOutlook } from "../../../services/event_outlook.ts";
import { readOrgPlans } from "../../../services/plans.ts";
import { orgHospitals, orgTimeZone } from "../../../lib/page_data.ts";
import { concernsEvent, openItems } from "../../../domain/plans/briefing.ts";
import { formatDateTime, formatHour, formatTime } from "../../../domain/time_format.ts";
import { type Level, levelLabels } from "../../../domain/readiness.ts";
import { BriefingItems } from "../../../components/BriefingItems.tsx";
import PrintButton from "../../../islands/PrintButton.tsx";

type Outlook = Awaited<ReturnType<typeof eventOutlook>>;

interface NearHospital {
  code: string;
  name: string;
  /** Worst census level during the event and its tail (the event page's and plans' own). */
  level: Level;
  censusKnown: boolean;
  transfers: number;
  /** The hospital's open recommendations about this event, from its latest plan. */
  open: StoredRecommendation[];
}

interface Data {
  event: FestEvent;
  outlook: Pick<Outlook, "onSite" | "transfers" | "peaks" | "conditionsCover" | "eventHours">;
  hospitals: NearHospital[];
  timeZone: string;
  generatedAt: string;
}

// Lists hospitals' plan items (the /plans page's data): audited like that page.
export const config = define.config({ access: anyone, audit: { resource: "plans" }, cache: true });

export const handler: Handlers<Data> = {
  /** Reads the event page's outlook and the hospitals' latest stored plans; writes nothing. */
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    const event = orgId ? await getEvent(ctx.state.db, orgId, ctx.params.id) : null;
    if (!orgId || !event) throw notFound("event");
    const now = new Date();
    const [outlook, timeZone, hospitals, plans] = await Promise.all([
      eventOutlook(ctx.state.db, orgId, event),
      orgTimeZone(ctx.state, orgId),
      orgHospitals(ctx.state, orgId),
      readOrgPlans(ctx.state.db, orgId, now),
    ]);
    const idOf = new Map(hospitals.map((h) => [h.code, h.id]));
    return ctx.render({
      event,
      outlook,
      hospitals: outlook.receiving.map((r) => ({
        code: r.code,
        name: r.name,
        level: r.level,
        censusKnown: r.censusKnown,
        transfers: r.transfers,
        open: openItems(plans.get(idOf.get(r.code) ?? "")?.recommendations ?? [])
          .filter((rec) => concernsEvent(rec, event.code)),
      })),
      timeZone,
      generatedAt: now.toISOString(),
    });
  },
};

/** Open event items listed per hospital, most urgent first (one page; the rest are counted). */
const MAX_ITEMS_PER_HOSPITAL = 5;

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString("en-US");

/** One event's printable one-page briefing: facts, conditions, nearby hospitals and open items. */
export default function EventBriefing(
  { data: { event: e, outlook: o, hospitals, timeZone: tz, generatedAt } }: PageProps<Data>,
) {
  return (
    <article class="briefing" data-testid="briefing">
      <p class="briefing-nav no-print">
        <a href={`/events/${e.code}`}>← Back to {e.name}</a> <PrintButton />
      </p>
      <h1>Briefing: {e.name}</h1>
      <dl class="facts">
        <dt>Type</dt>
        <dd>{e.type.replace("_", " ")}</dd>
        <dt>Venue</dt>
        <dd>
          {e.indoor ? "indoor" : "outdoor"}, {e.bounded ? "bounded" : "open"} site at{" "}
          {e.lat.toFixed(4)}, {e.lon.toFixed(4)}
        </dd>
        <dt>Expected attendance</dt>
        <dd data-testid="attendance">
          {attendanceWords({ ...e, days: eventDays(e) })}
        </dd>
        <dt>On-site medical cover for one day</dt>
        <dd data-testid="medical-cover">{coverLine(medicalCover(e, dailyAttendance(e)))}</dd>
        <dt>Starts</dt>
        <dd data-testid="starts">{formatDateTime(e.startsAt, tz)}</dd>
        <dt>Ends</dt>
        <dd data-testid="ends">{formatDateTime(e.endsAt, tz)}</dd>
        <dt>Expected presentations</dt>
        <dd>
          {formatPeople(o.onSite)} on site, {formatPeople(o.transfers)} transfers to hospital
        </dd>
      </dl>
      <h2>Conditions during the event</h2>
      <p data-testid="briefing-conditions">
        {o.conditionsCover
          ? (
            <>
              Heat index up to{" "}
              <strong data-testid="peak-heat">
                {o.peaks.heatIndexC ? `${r1(o.peaks.heatIndexC.value)} °C` : "—"}
              </strong>
              {o.peaks.heatIndexC ? ` (${formatHour(o.peaks.heatIndexC.at, tz)})` : ""}; AQI up to
              {" "}
              <strong data-testid="peak-aqi">{o.peaks.aqi?.value ?? "—"}</strong>
              {o.peaks.aqi ? ` (${formatHour(o.peaks.aqi.at, tz)})` : ""}. {o.conditionsCover} of
              {" "}
              {o.eventHours} hours have a forecast.
            </>
          )
          : `${noConditionsText(eventEnded(e, Date.parse(generatedAt)))}.`}
      </p>
      <h2>Hospitals near the event</h2>
      {hospitals.length
        ? (
          <ul class="briefing-hospitals">
            {hospitals.map((h) => (
              <li data-testid="briefing-hospital" data-hospital={h.code}>
                <strong>{h.name}</strong>: {h.censusKnown
                  ? (
                    <>
                      <span class={`badge badge-${h.level}`} data-testid="level-during">
                        {h.level}
                      </span>{" "}
                      {levelLabels[h.level]} during the event
                    </>
                  )
                  : <CensusUnknown event={e} now={Date.parse(generatedAt)} />} · {r1(h.transfers)}
                {" "}
                transfers expected · <a href={`/hospitals/${h.code}/briefing`}>briefing</a>
                {h.open.length
                  ? (
                    <BriefingItems
                      items={h.open}
                      timeZone={tz}
                      max={MAX_ITEMS_PER_HOSPITAL}
                      more={{ href: `/hospitals/${h.code}`, label: "the hospital's plan" }}
                    />
                  )
                  : <p class="muted">No open recommendation about this event.</p>}
              </li>
            ))}
          </ul>
        )
        : <p class="muted">No hospital of the organisation within 80 km.</p>}
      <p class="muted briefing-meta" data-testid="briefing-meta">
        Generated <span data-testid="generated">{formatTime(generatedAt, tz)}</span> ({tz}).
      </p>
    </article>
  );
}
