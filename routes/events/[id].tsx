import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { attendanceWords, coverLine, medicalCover } from "../../domain/event_cover.ts";
import { dailyAttendance, eventDays } from "../../domain/event_load.ts";
import { anyone, eventEditors } from "../../lib/access.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import { notFound } from "../../framework/http_error.ts";
import { type FestEvent, getEvent } from "../../models/events.ts";
import { eventOutlook } from "../../services/event_outlook.ts";
import { CensusUnknown, eventEnded, noConditionsText } from "../../components/EventTense.tsx";
import { orgTimeZone } from "../../lib/page_data.ts";
import { formatDateTime, formatHour, formatTime } from "../../domain/time_format.ts";
import { formatPeople, formatRate } from "../../components/plain_figures.ts";
import { levelLabels } from "../../domain/readiness.ts";
import { ConditionsTable } from "../../components/ConditionsTable.tsx";
import { formatDistance, formatTemperature, type Units } from "../../domain/units.ts";
import { orgUnits } from "../../lib/org_units.ts";
import { TableScroll } from "../../components/TableScroll.tsx";

interface Data {
  event: FestEvent;
  outlook: Awaited<ReturnType<typeof eventOutlook>>;
  timeZone: string;
  units: Units;
}

export const config = define.config({ access: anyone, audit: false, cache: true });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    const event = orgId ? await getEvent(ctx.state.db, orgId, ctx.params.id) : null;
    if (!orgId || !event) throw notFound("event");
    const [outlook, timeZone, units] = await Promise.all([
      eventOutlook(ctx.state.db, orgId, event),
      orgTimeZone(ctx.state, orgId),
      orgUnits(ctx.state, orgId),
    ]);
    return ctx.render({ event, outlook, timeZone, units });
  },
};

/** A rate's source without the pointers meant for developers (DOMAIN.md, "TTHR"). */
const plainSource = (source: string) =>
  source.replace(/\s*\(DOMAIN\.md\)/g, "").replace(/\bTTHR\b/g, "transfer rate");

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString("en-US");

/**
 * One event: the facts that drive its expected presentations, the presentations and transfers
 * to expect and where they should go, and the conditions forecast during it.
 */
export default function EventPage(
  { data: { event: e, outlook: o, timeZone: tz, units }, state }: PageProps<Data>,
) {
  const yesNo = (b: boolean) => (b ? "yes" : "no");
  return (
    <>
      <h1>{e.name}</h1>
      {eventEditors.roles!.includes(state.user?.role as never) && (
        <p class="actions no-print">
          <a class="button" href={`/events/${e.code}/edit`}>Edit or delete</a>
        </p>
      )}
      <p class="no-print">
        <a href={`/events/${encodeURIComponent(e.code)}/briefing`} data-testid="briefing-link">
          One-page briefing to print
        </a>
      </p>
      <dl class="facts">
        <dt>Type</dt>
        <dd>{e.type.replace("_", " ")}</dd>
        <dt>Starts</dt>
        <dd>{formatDateTime(e.startsAt, tz)}</dd>
        <dt>Ends</dt>
        <dd>{formatDateTime(e.endsAt, tz)}</dd>
        <dt>Expected attendance</dt>
        <dd data-testid="attendance">
          {attendanceWords({ ...e, days: eventDays(e) })}
        </dd>
        <dt>On-site medical cover for one day</dt>
        <dd data-testid="medical-cover">{coverLine(medicalCover(e, dailyAttendance(e)))}</dd>
        <dt>Indoor · bounded · alcohol · free water</dt>
        <dd>
          {yesNo(e.indoor)} · {yesNo(e.bounded)} · {yesNo(e.alcohol)} · {yesNo(e.freeWater)}
        </dd>
        <dt>Location</dt>
        <dd>{e.lat.toFixed(4)}, {e.lon.toFixed(4)}</dd>
      </dl>
      <h2>Expected presentations</h2>
      <dl class="facts" data-testid="event-presentations">
        <dt>On-site presentations</dt>
        <dd data-testid="on-site">{Math.round(o.onSite).toLocaleString("en-US")}</dd>
        <dt>Transfers to hospital</dt>
        <dd data-testid="transfers">{formatPeople(o.transfers)}</dd>
        <dt>ED arrivals incl. self-presenting</dt>
        <dd>{formatPeople(o.toEd)}</dd>
      </dl>
      <p class="muted">
        {formatRate(o.type.ppr)} presentations and {formatRate(o.type.tthr)}{" "}
        transfers to hospital per 1,000 attendees for a {e.type.replace("_", " ")}{" "}
        ({plainSource(o.type.source)}); × {r1(o.modifier)}{" "}
        for this event's setting{o.heatIndexMeanC !== null && !e.indoor
          ? ` and a mean heat index of ${r1(o.heatIndexMeanC)} °C during it (≈1.21× per +10 °F)`
          : ""} = {formatRate(o.pprUsed)}{" "}
        per 1,000. Published rates differ more than tenfold between studies: treat these as planning
        figures. <a href="/how-computed#events">How is this computed?</a>
      </p>
      <h2>Transfers per receiving hospital</h2>
      {o.receiving.length
        ? (
          <TableScroll label="Transfers per receiving hospital">
            <table data-testid="receiving">
              <thead>
                <tr>
                  <th>Hospital</th>
                  <th class="num">Share by distance</th>
                  <th class="num">Proposed share</th>
                  <th class="num">Transfers</th>
                  <th class="num">ED arrivals</th>
                  <th>Census during the event</th>
                </tr>
              </thead>
              <tbody>
                {o.receiving.map((r) => (
                  <tr data-hospital={r.code}>
                    <td>
                      <a href={`/hospitals/${r.code}`}>{r.name}</a>
                    </td>
                    <td class="num">{Math.round(r.share * 100)} %</td>
                    <td class="num">{Math.round(r.proposedShare * 100)} %</td>
                    <td class="num">{formatPeople(r.transfers)}</td>
                    <td class="num">{formatPeople(r.toEd)}</td>
                    <td>
                      {r.censusKnown
                        ? (
                          <>
                            <span class={`badge badge-${r.level}`}>{r.level}</span>{" "}
                            <span class="muted">{levelLabels[r.level]}</span>
                          </>
                        )
                        : <CensusUnknown event={e} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )
        : <p class="muted">No hospital of the organisation within {formatDistance(80, units)}.</p>}
      <p class="muted">
        A hospital whose census is forecast over its staffed beds during the event (or the hours
        after it) is not proposed: its share goes to the others by distance.
      </p>
      <h2>Conditions during the event</h2>
      {o.conditions.length
        ? (
          <>
            <p>
              Heat index up to{" "}
              <strong data-testid="event-peak-heat">
                {o.peaks.heatIndexC ? formatTemperature(o.peaks.heatIndexC.value, units) : "—"}
              </strong>
              {o.peaks.heatIndexC ? ` (${formatHour(o.peaks.heatIndexC.at, tz)})` : ""}; AQI up to
              {" "}
              <strong data-testid="event-peak-aqi">{o.peaks.aqi?.value ?? "—"}</strong>
              {o.peaks.aqi ? ` (${formatHour(o.peaks.aqi.at, tz)})` : ""}. {o.conditionsCover} of
              {" "}
              {o.eventHours} hours have a forecast.
            </p>
            <ConditionsTable hours={o.conditions} timeZone={tz} units={units} />
          </>
        )
        : (
          <p class="muted" data-testid="no-conditions">
            {noConditionsText(eventEnded(e))} (checked {formatTime(new Date(), tz)}).
          </p>
        )}
    </>
  );
}
