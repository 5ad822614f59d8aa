import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { dateTimeFormat } from "../components/time.ts";
import { SeriesTable } from "../components/SeriesTable.tsx";

export interface ForecastBandPoint {
  ts: string;
  p10: number;
  p50: number;
  p90: number;
}

export interface ArrivalsChartProps {
  title: string;
  /** Observed hourly arrivals. */
  points: { ts: string; value: number }[];
  /** The 72 h forecast band, drawn after the actuals. */
  forecast?: ForecastBandPoint[];
  /** Arrivals per hour the ED can absorb, drawn as a line. */
  capacity?: number;
  /** The hospital's zone, for the time axis and the table. */
  timeZone?: string;
}

/** Hourly ED arrivals with the forecast band and a capacity line (chart.js, in the browser). */
export default function ArrivalsChart(
  { title, points, forecast = [], capacity, timeZone = "UTC" }: ArrivalsChartProps,
) {
  const hour = dateTimeFormat("hour", timeZone);
  const canvas = useRef<HTMLCanvasElement>(null);
  const status = useSignal("loading chart…");
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    (async () => {
      const { Chart, registerables } = await import("chart.js");
      Chart.register(...registerables);
      if (!canvas.current) return;
      const times = [...points.map((p) => p.ts), ...forecast.map((p) => p.ts)];
      const labels = times.map((ts) => hour.format(new Date(ts)));
      const pad = (n: number) => Array<number | null>(n).fill(null);
      const band = (pick: (p: ForecastBandPoint) => number) => [
        ...pad(points.length),
        ...forecast.map(pick),
      ];
      const line = { pointRadius: 0, borderWidth: 1.5, tension: 0.2 };
      const datasets = [
        {
          ...line,
          label: "ED arrivals per hour (observed)",
          data: [...points.map((p) => p.value), ...pad(forecast.length)],
          borderColor: "#1f5fa8",
        },
        ...(forecast.length
          ? [
            { ...line, label: "p10", data: band((p) => p.p10), borderColor: "rgba(109,40,217,.3)" },
            {
              ...line,
              label: "p10–p90 (80 % band)",
              data: band((p) => p.p90),
              borderColor: "rgba(109,40,217,.3)",
              backgroundColor: "rgba(109,40,217,.15)",
              fill: "-1",
            },
            { ...line, label: "forecast p50", data: band((p) => p.p50), borderColor: "#6d28d9" },
          ]
          : []),
        ...(capacity !== undefined
          ? [{
            ...line,
            label: "capacity (arrivals/h)",
            data: times.map(() => capacity),
            borderColor: "#b3261e",
            borderDash: [6, 4],
            borderWidth: 1,
          }]
          : []),
      ];
      chart = new Chart(canvas.current, {
        type: "line",
        data: { labels, datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { labels: { filter: (item) => item.text !== "p10" } } },
        },
      });
      status.value = "";
    })().catch((err) => status.value = `chart failed: ${err.message}`);
    return () => chart?.destroy();
  }, [points, forecast, capacity]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} aria-label={title} role="img" data-testid="arrivals-chart" />
      </div>
      {status.value && <p class="muted">{status.value}</p>}
      <SeriesTable
        summary="The figures as a table"
        testId="arrivals-table"
        rows={[
          ...points.map((p) => ({ ts: p.ts, observed: p.value, band: null })),
          ...forecast.map((p) => ({ ts: p.ts, observed: null, band: p })),
        ]}
        columns={[
          { label: `Hour (${timeZone})`, value: (r) => hour.format(new Date(r.ts)) },
          { label: "Observed", value: (r) => r.observed?.toString() ?? "", numeric: true },
          { label: "Forecast p10", value: (r) => r.band?.p10.toFixed(1) ?? "", numeric: true },
          { label: "p50", value: (r) => r.band?.p50.toFixed(1) ?? "", numeric: true },
          { label: "p90", value: (r) => r.band?.p90.toFixed(1) ?? "", numeric: true },
        ]}
      />
    </figure>
  );
}
