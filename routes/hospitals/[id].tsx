import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { anyone } from "../../lib/access.ts";
import { viewerHospital } from "../../lib/caller.ts";
import { HttpError } from "../../framework/http_error.ts";
import ArrivalsChart, { type ForecastBandPoint } from "../../islands/ArrivalsChart.tsx";
import type { Hospital } from "../../models/hospitals.ts";
import { arrivalSeries } from "../../models/observations.ts";
import { readForecast } from "../../services/forecasts.ts";
import { readPlan } from "../../services/plans.ts";
import type { StoredPlan } from "../../models/plans.ts";
import { PlanList } from "../../components/PlanList.tsx";
import { formatTime } from "../../components/time.ts";
import { HospitalActions } from "../../components/HospitalActions.tsx";

interface Data {
  hospital: Hospital;
  points: { ts: string; value: number }[];
  forecast: {
    points: ForecastBandPoint[];
    capacity: number;
    issuedAt: string;
    modelVersion: string;
  } | null;
  /** Why there is no forecast, when there is none. */
  forecastNote: string;
  plan: StoredPlan | null;
}

export const config = define.config({
  access: anyone,
  audit: { resource: "forecasts" },
  cache: true,
});

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const { orgId, hospital } = await viewerHospital(ctx.state, ctx.params.id);
    const to = new Date();
    const from = new Date(to.getTime() - 2 * 86_400_000);
    const series = await arrivalSeries(ctx.state.db, hospital.id, from, to);
    const points = series.map((p) => ({ ts: new Date(p.ts).toISOString(), value: p.edArrivals }));
    let forecast: Data["forecast"] = null;
    let forecastNote = "";
    try {
      forecast = await readForecast(ctx.state.db, orgId, hospital, to);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      forecastNote = err.message;
    }
    const plan = await readPlan(ctx.state.db, orgId, hospital, to);
    return ctx.render({ hospital, points, forecast, forecastNote, plan });
  },
};

/** One hospital: recent arrivals, the 72 h forecast band and the capacity line. */
export default function HospitalPage({ data, state }: PageProps<Data>) {
  const h = data.hospital;
  const f = data.forecast;
  const total = (pick: (p: ForecastBandPoint) => number) =>
    Math.round(f?.points.reduce((s, p) => s + pick(p), 0) ?? 0);
  const peak = f?.points.reduce((a, b) => (b.p90 > a.p90 ? b : a), f.points[0]);
  return (
    <>
      <h1>{h.name}</h1>
      <HospitalActions hospital={h} role={state.user?.role} />
      <p class="muted">
        {h.edBeds} ED beds · {h.icuBeds} ICU beds · baseline staff {h.staffBaseline} ·{" "}
        {h.lat.toFixed(4)}, {h.lon.toFixed(4)}
      </p>
      {f
        ? (
          <p data-testid="forecast-summary">
            Next 72 h: about <strong>{total((p) => p.p50)}</strong>{" "}
            ED arrivals expected (sum of hourly medians; the band below is each hour's 80 %
            interval). Busiest hour up to {peak ? Math.round(peak.p90) : "—"} arrivals around{" "}
            {peak ? formatTime(peak.ts, h.timezone) : "—"} against a capacity of about {f.capacity}
            {" "}
            per hour.{" "}
            <span class="muted">
              Model {f.modelVersion}, issued {formatTime(f.issuedAt, h.timezone)}.
            </span>
          </p>
        )
        : <p class="muted">No forecast: {data.forecastNote}</p>}
      <ArrivalsChart
        title="ED arrivals: last 48 h observed and the next 72 h forecast"
        points={data.points}
        forecast={f?.points ?? []}
        capacity={f?.capacity}
        timeZone={h.timezone}
      />
      <h2>Action plan</h2>
      {data.plan
        ? <PlanList recommendations={data.plan.recommendations} timeZone={h.timezone} />
        : <p>No plan yet: the first is built within a minute of the hospital's first data.</p>}
      <p>
        <a href="/plans">All plans, with Accept / Dismiss / Done</a>
      </p>
    </>
  );
}
