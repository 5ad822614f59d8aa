import { define, type Handlers, type PageProps } from "../../../lib/define.ts";
import { DataStoppedNote } from "../../../components/DataStoppedNote.tsx";
import { anyone } from "../../../lib/access.ts";
import { viewerHospital } from "../../../lib/caller.ts";
import type { Hospital } from "../../../models/hospitals.ts";
import { forecastForPage, type PageForecast as Forecast } from "../../../lib/page_data.ts";
import { conditionPeaks, readPlan } from "../../../services/plans.ts";
import { placeConditions } from "../../../services/situation.ts";
import { orgSettings } from "../../../services/settings.ts";
import { openItems } from "../../../domain/plans/briefing.ts";
import { formatHour, formatTime } from "../../../domain/time_format.ts";
import { type OccupancyReport, readinessAhead } from "../../../domain/readiness_ahead.ts";
import { latestOccupancyReport } from "../../../services/overview.ts";
import { type EdStatus, nedocsOf, readinessWords } from "../../../domain/ed_status.ts";
import type { NedocsNow } from "../../../domain/nedocs.ts";
import { hospitalEdStatus } from "../../../services/ed_status.ts";
import { EdStatusLine } from "../../../components/EdStatusLine.tsx";
import { CensusSvgChart } from "../../../components/CensusSvgChart.tsx";
import { SeriesTable } from "../../../components/SeriesTable.tsx";
import { BriefingItems } from "../../../components/BriefingItems.tsx";
import PrintButton from "../../../islands/PrintButton.tsx";

type Plan = Awaited<ReturnType<typeof readPlan>>;

interface Data {
  /** The latest occupancy report: "now" when it is fresh (as on the overview's board). */
  report: OccupancyReport | null;
  hospital: Hospital;
  forecast: Forecast | null;
  /** Why there is no forecast, when there is none. */
  forecastNote: string;
  plan: Plan;
  peaks: ReturnType<typeof conditionPeaks>;
  alerts: { heatIndexC: number; aqi: number };
  generatedAt: string;
  /** Live ED status as reported, and NEDOCS from it (issue 18). */
  ed: { status: EdStatus; nedocs: NedocsNow | null; missing: string[] };
}

// The hospital page's rule and audit: the briefing prints the same forecast of patient counts.
export const config = define.config({
  access: anyone,
  audit: { resource: "forecasts" },
  cache: true,
});

const HOUR = 3_600_000;
/** Open recommendations a briefing lists, most urgent first (one page; the rest are counted). */
const MAX_ITEMS = 12;

export const handler: Handlers<Data> = {
  /** Reads only what the hospital page reads (stored forecast and plan, conditions, settings). */
  async GET(ctx) {
    const { orgId, hospital: h } = await viewerHospital(ctx.state, ctx.params.id);
    const now = new Date();
    const { forecast, forecastNote } = await forecastForPage(ctx.state, orgId, h, now);
    const from = forecast?.points.length
      ? new Date(forecast.points[0].ts)
      : new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const to = new Date(from.getTime() + 72 * HOUR);
    const [conditions, plan, settings, report, edStatus] = await Promise.all([
      placeConditions(ctx.state.db, orgId, h, from, to),
      readPlan(ctx.state.db, orgId, h, now),
      orgSettings(ctx.state.db, orgId),
      latestOccupancyReport(ctx.state.db, orgId, h.id, now),
      hospitalEdStatus(ctx.state.db, orgId, h, now),
    ]);
    return ctx.render({
      hospital: h,
      forecast,
      forecastNote,
      report,
      plan,
      peaks: conditionPeaks(conditions),
      alerts: { heatIndexC: settings.heatAlertIndexC, aqi: settings.aqiAlert },
      generatedAt: now.toISOString(),
      ed: { status: edStatus, ...nedocsOf(h, edStatus, forecast?.census ?? []) },
    });
  },
};

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString("en-US");

/** The forecast's figures per hour, for readers who cannot see the chart. */
function CensusTable({ f, tz }: { f: Forecast; tz: string }) {
  const arrivals = new Map(f.points.map((p) => [new Date(p.ts).getTime(), p]));
  return (
    <div class="no-print">
      <SeriesTable
        summary="The chart's figures as a table"
        testId="briefing-table"
        rows={f.census}
        columns={[
          { label: `Hour (${tz})`, value: (c) => formatHour(c.ts, tz) },
          {
            label: "Patients: 1 in 10 chance of fewer than",
            value: (c) => String(c.p10),
            numeric: true,
          },
          { label: "Patients likely", value: (c) => String(c.p50), numeric: true },
          {
            label: "Patients: 1 in 10 chance of more than",
            value: (c) => String(c.p90),
            numeric: true,
          },
          {
            label: "Arrivals median",
            value: (c) => {
              const a = arrivals.get(new Date(c.ts).getTime());
              return a ? r1(a.p50) : "—";
            },
            numeric: true,
          },
        ]}
      />
    </div>
  );
}

/** One hospital's printable one-page briefing: readiness, census chart, conditions, open items. */
export default function HospitalBriefing({ data }: PageProps<Data>) {
  const { hospital: h, forecast: f, plan, peaks } = data;
  // The same reading as the hospital page: from the current hour at the briefing's time on.
  const ahead = f
    ? readinessAhead(f.census, f.beds, f.surgeBeds, Date.parse(data.generatedAt), data.report)
    : null;
  const tz = h.timezone;
  const open = plan ? openItems(plan.recommendations) : [];
  return (
    <article class="briefing" data-testid="briefing">
      <p class="briefing-nav no-print">
        <a href={`/hospitals/${h.code}`}>← Back to {h.name}</a> <PrintButton />
      </p>
      <h1>Briefing: {h.name}</h1>
      <p class="muted">
        {h.edBeds} staffed ED beds · {h.icuBeds} ICU beds · {h.staffBaseline}{" "}
        nurses on the roster per shift · times in {tz}
      </p>
      <EdStatusLine {...data.ed} timeZone={tz} />
      {f?.readiness.dataStopped
        ? (
          <DataStoppedNote
            dataAt={f.dataAt ?? null}
            dataAgeHours={f.dataAgeHours ?? null}
            timeZone={tz}
          />
        )
        : f && ahead
        ? (
          <>
            <p data-testid="briefing-readiness">
              Readiness over the next 72 h:{" "}
              <span class={`badge badge-${ahead.level}`} data-testid="readiness">
                {ahead.level}
              </span>{" "}
              {readinessWords(ahead.level, data.ed.status)}
              {ahead.now ? " now" : ahead.from
                ? (
                  <>
                    {" from "}
                    <strong data-testid="readiness-from">
                      {formatHour(ahead.from, tz)}
                    </strong>
                  </>
                )
                : ""}.
            </p>
            <CensusSvgChart
              census={f.census}
              arrivals={f.points}
              beds={f.beds}
              surgeBeds={f.surgeBeds}
              timeZone={tz}
              title={`${h.name}: patients in the ED forecast for the next 72 h against beds`}
            />
            <CensusTable f={f} tz={tz} />
          </>
        )
        : <p class="muted" data-testid="no-forecast">No forecast: {data.forecastNote}</p>}
      <p data-testid="briefing-conditions">
        Peak heat index{" "}
        <strong data-testid="peak-heat">
          {peaks.heatIndexC ? `${r1(peaks.heatIndexC.value)} °C` : "—"}
        </strong>
        {peaks.heatIndexC ? ` (${formatHour(peaks.heatIndexC.at, tz)})` : ""}, alert at{" "}
        {data.alerts.heatIndexC} °C · peak AQI{" "}
        <strong data-testid="peak-aqi">{peaks.aqi?.value ?? "—"}</strong>
        {peaks.aqi ? ` (${formatHour(peaks.aqi.at, tz)})` : ""}, alert at {data.alerts.aqi}
        {peaks.heatIndexC || peaks.aqi ? "" : " — no conditions forecast for these hours yet"}.
      </p>
      <h2>Open recommendations ({open.length})</h2>
      {plan
        ? open.length
          ? (
            <BriefingItems
              items={open}
              timeZone={tz}
              max={MAX_ITEMS}
              more={{ href: `/hospitals/${h.code}`, label: "the hospital's full plan" }}
            />
          )
          : (
            <p class="muted" data-testid="nothing-open">
              Nothing open: every item of the plan has been accepted, dismissed or done.
            </p>
          )
        : <p class="muted">No plan yet.</p>}
      <p class="muted briefing-meta" data-testid="briefing-meta">
        {f
          ? (
            <>
              Forecast model {f.modelVersion}, issued {formatTime(f.issuedAt, tz)}
              {f.stale ? " (stale)" : ""}.{" "}
            </>
          )
          : ""}
        {plan ? <>Plan of {formatTime(plan.createdAt, tz)}.{" "}</> : ""}
        Generated <span data-testid="generated">{formatTime(data.generatedAt, tz)}</span> ({tz}).
      </p>
    </article>
  );
}
