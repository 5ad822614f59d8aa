import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { DataStoppedNote } from "../../components/DataStoppedNote.tsx";
import { anyone } from "../../lib/access.ts";
import { viewerHospital } from "../../lib/caller.ts";
import HospitalCharts, { type HospitalChartsProps } from "../../islands/HospitalCharts.tsx";
import type { Hospital } from "../../models/hospitals.ts";
import { arrivalSeries } from "../../models/observations.ts";
import { forecastForPage, type PageForecast as Forecast } from "../../lib/page_data.ts";
import { readPlan } from "../../services/plans.ts";
import { placeConditions } from "../../services/situation.ts";
import { orgSettings } from "../../services/settings.ts";
import { PlanList } from "../../components/PlanList.tsx";
import { PlanMeta } from "../../components/PlanMeta.tsx";
import { formatHour, formatTick, formatTime, zoneAbbreviation } from "../../domain/time_format.ts";
import { type OccupancyReport, readinessAhead } from "../../domain/readiness_ahead.ts";
import { latestOccupancyReport } from "../../services/overview.ts";
import { type EdStatus, nedocsOf, readinessWords } from "../../domain/ed_status.ts";
import type { NedocsNow } from "../../domain/nedocs.ts";
import { hospitalEdStatus } from "../../services/ed_status.ts";
import { EdStatusLine } from "../../components/EdStatusLine.tsx";

import { HospitalActions } from "../../components/HospitalActions.tsx";
import { OwnDataErrorNote } from "../../components/models/OwnDataError.tsx";
import { hospitalModelError, type OwnDataError } from "../../services/model_errors.ts";

interface Data {
  /** The latest occupancy report: "now" when it is fresh (as on the overview's board). */
  report: OccupancyReport | null;
  hospital: Hospital;
  forecast: Forecast | null;
  /** Why there is no forecast, when there is none. */
  forecastNote: string;
  plan: Awaited<ReturnType<typeof readPlan>>;
  charts: HospitalChartsProps;
  /** Live ED status as reported, and NEDOCS from it (issue 18). */
  ed: { status: EdStatus; nedocs: NedocsNow | null; missing: string[] };
  modelError: OwnDataError | null;
}

export const config = define.config({
  access: anyone,
  audit: { resource: "forecasts" },
  cache: true,
});

const HOUR = 3_600_000;

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const { orgId, hospital: h } = await viewerHospital(ctx.state, ctx.params.id);
    const now = new Date();
    const from = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 48 * HOUR);
    const { forecast, forecastNote } = await forecastForPage(ctx.state, orgId, h, now);
    const origin = forecast?.points.length
      ? new Date(forecast.points[0].ts).getTime()
      : from.getTime() + 48 * HOUR;
    const to = new Date(origin + 72 * HOUR);
    const [series, conditions, plan, settings, report, edStatus, modelError] = await Promise.all([
      arrivalSeries(ctx.state.db, h.id, from, new Date(origin)),
      placeConditions(ctx.state.db, orgId, h, from, to),
      readPlan(ctx.state.db, orgId, h, now),
      orgSettings(ctx.state.db, orgId),
      latestOccupancyReport(ctx.state.db, orgId, h.id, now),
      hospitalEdStatus(ctx.state.db, orgId, h, now),
      hospitalModelError(ctx.state.db, orgId, h.id),
    ]);
    // One column per hour from 48 h back to the end of the forecast, on every chart.
    const hours = Math.round((to.getTime() - from.getTime()) / HOUR);
    const times = Array.from({ length: hours }, (_, i) => from.getTime() + i * HOUR);
    const at = (ts: Date | string) => Math.round((new Date(ts).getTime() - from.getTime()) / HOUR);
    const empty = <T,>() => Array<T | null>(hours).fill(null);
    const observedArrivals = empty<number>(), observedOccupancy = empty<number>();
    for (const p of series) {
      observedArrivals[at(p.ts)] = p.edArrivals;
      observedOccupancy[at(p.ts)] = p.edOccupancy;
    }
    const arrivals = empty<{ p10: number; p50: number; p90: number }>();
    const census = empty<{ p10: number; p50: number; p90: number }>();
    for (const p of forecast?.points ?? []) arrivals[at(p.ts)] = p;
    for (const c of forecast?.census ?? []) census[at(c.ts)] = c;
    const heatIndexC = empty<number>(), aqi = empty<number>();
    for (const c of conditions) {
      const i = at(c.ts);
      if (i < 0 || i >= hours) continue;
      heatIndexC[i] = c.heatIndexC;
      aqi[i] = c.aqi;
    }
    return ctx.render({
      hospital: h,
      forecast,
      forecastNote,
      report,
      plan,
      ed: { status: edStatus, ...nedocsOf(h, edStatus, forecast?.census ?? []) },
      modelError,
      charts: {
        labels: times.map((t) => formatTick(t, h.timezone)),
        zone: zoneAbbreviation(origin, h.timezone),
        forecastFrom: 48,
        observedArrivals,
        arrivals,
        observedOccupancy,
        census,
        beds: h.edBeds,
        surgeBeds: forecast?.surgeBeds ?? 0,
        heatIndexC,
        aqi,
        heatAlertIndexC: settings.heatAlertIndexC,
        aqiAlert: settings.aqiAlert,
      },
    });
  },
};

/** One hospital: arrivals and census forecasts against beds, conditions, and its plan. */
export default function HospitalPage({ data, state }: PageProps<Data>) {
  const h = data.hospital, tz = h.timezone;
  const f = data.forecast;
  // Expected arrivals add the hours' means (a sum of whole-number medians understates them).
  const total = Math.round(f?.points.reduce((s, p) => s + (p.mean ?? p.p50), 0) ?? 0);
  // Read now: hours of the stored forecast already past neither start a level nor make the peak.
  const ahead = f ? readinessAhead(f.census, f.beds, f.surgeBeds, Date.now(), data.report) : null;
  const peak = ahead?.peak ?? null;
  return (
    <>
      <h1>{h.name}</h1>
      <HospitalActions hospital={h} role={state.user?.role} />
      <p class="muted">
        {h.edBeds} staffed ED beds · {h.icuBeds} ICU beds · {h.staffBaseline}{" "}
        nurses on the roster per shift · {h.lat.toFixed(4)}, {h.lon.toFixed(4)} · times in {tz} (
        {zoneAbbreviation(new Date(), tz)})
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
            <p data-testid="forecast-summary">
              Readiness over the next 72 h:{" "}
              <span class={`badge badge-${ahead.level}`} data-testid="readiness">
                {ahead.level}
              </span>{" "}
              {readinessWords(ahead.level, data.ed.status)}
              {ahead.now ? " now" : ahead.from ? ` from ${formatHour(ahead.from, tz)}` : ""}.
              Patients in the ED: likely up to{" "}
              <strong>{peak?.p50 ?? "—"}</strong>, with a 1 in 10 chance of more than{" "}
              <strong>{peak?.p90 ?? "—"}</strong>, around {peak ? formatHour(peak.ts, tz) : "—"} for
              {" "}
              {f.beds} staffed beds (+{f.surgeBeds} surge at most). About <strong>{total}</strong>
              {" "}
              ED arrivals expected in 72 h.
            </p>
            <p class="muted" data-testid="census-assumption">
              Census: {f.censusModel.assumption} Model {f.modelVersion}, forecast issued{" "}
              {formatTime(f.issuedAt, tz)}
              {f.stale ? " — stale: no forecast in the last two hourly runs" : ""}.
            </p>
          </>
        )
        : <p class="muted">No forecast: {data.forecastNote}</p>}
      <OwnDataErrorNote error={data.modelError} />
      <p class="no-print">
        <a href="/how-computed">How is this computed?</a>
      </p>
      <HospitalCharts {...data.charts} />
      <h2>Action plan</h2>
      {data.plan
        ? (
          <>
            <PlanMeta plan={data.plan} timeZone={tz} />
            <PlanList recommendations={data.plan.recommendations} timeZone={tz} />
          </>
        )
        : <p>No plan yet: the first is built within a minute of the hospital's first data.</p>}
      <p>
        <a href={`/hospitals/${encodeURIComponent(h.code)}/briefing`} data-testid="briefing-link">
          One-page briefing to print
        </a>{" "}
        · <a href="/plans">All plans, with Accept / Dismiss / Done</a> ·{" "}
        <a href={`/what-if?hospital=${encodeURIComponent(h.code)}`}>What-if for this hospital</a>
      </p>
    </>
  );
}
