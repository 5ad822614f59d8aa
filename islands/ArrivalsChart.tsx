import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";

export interface ArrivalsChartProps {
  title: string;
  points: { ts: string; value: number }[];
  capacity?: number;
}

/** Hourly ED arrivals as a line chart (chart.js, loaded in the browser only). */
export default function ArrivalsChart({ title, points, capacity }: ArrivalsChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const status = useSignal("loading chart…");
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    (async () => {
      const { Chart, registerables } = await import("chart.js");
      Chart.register(...registerables);
      if (!canvas.current) return;
      const labels = points.map((p) =>
        new Date(p.ts).toLocaleString("en-US", {
          month: "short",
          day: "numeric",
          hour: "numeric",
          timeZone: "America/Los_Angeles",
        })
      );
      const datasets = [{
        label: "ED arrivals per hour",
        data: points.map((p) => p.value),
        borderColor: "#1f5fa8",
        pointRadius: 0,
        borderWidth: 1.5,
      }];
      if (capacity !== undefined) {
        datasets.push({
          label: "ED beds",
          data: points.map(() => capacity),
          borderColor: "#b3261e",
          pointRadius: 0,
          borderWidth: 1,
        });
      }
      chart = new Chart(canvas.current, {
        type: "line",
        data: { labels, datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false },
      });
      status.value = "";
    })().catch((err) => status.value = `chart failed: ${err.message}`);
    return () => chart?.destroy();
  }, [points, capacity]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} aria-label={title} role="img" data-testid="arrivals-chart" />
      </div>
      {status.value && <p class="muted">{status.value}</p>}
    </figure>
  );
}
