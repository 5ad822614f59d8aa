/** The what-if island's two charts (chart.js): arrivals and census, baseline vs what-if. */
import type { Chart as ChartJs } from "chart.js";

export interface ChartLike {
  data: { datasets: { data: number[] }[] };
  update(mode?: string): void;
  destroy(): void;
}

/**
 * Empty charts whose datasets the island fills: arrivals [what-if p10, p90, p50, baseline p50]
 * and census [what-if p10, p90, p50, baseline p50, baseline p90, beds].
 */
export function makeCharts(
  Chart: typeof ChartJs,
  canvases: {
    arrivals: HTMLCanvasElement;
    census: HTMLCanvasElement | null;
    labels: string[];
    beds: number;
  },
): { arrivals: ChartLike; census: ChartLike | null } {
  const labels = canvases.labels;
  const line = (label: string, color: string, extra: Record<string, unknown> = {}) => ({
    label,
    data: [] as number[],
    borderColor: color,
    pointRadius: 0,
    borderWidth: 1.5,
    ...extra,
  });
  const arrivals = new Chart(canvases.arrivals, {
    type: "line",
    data: {
      labels,
      datasets: [
        line("What-if p10", "rgba(201,138,0,.5)", { borderWidth: 0 }),
        line("What-if 80% band (p10–p90)", "rgba(201,138,0,.5)", {
          borderWidth: 0,
          fill: "-1",
          backgroundColor: "rgba(201,138,0,.25)",
        }),
        line("What-if p50", "#c98a00", { borderWidth: 2 }),
        line("Baseline p50", "#1f5fa8", { borderDash: [5, 4] }),
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { labels: { filter: (item: { text: string }) => item.text !== "What-if p10" } },
      },
    },
  }) as unknown as ChartLike;
  const census = canvases.census
    ? new Chart(canvases.census, {
      type: "line",
      data: {
        labels,
        datasets: [
          line("What-if census p10", "rgba(201,138,0,.5)", { borderWidth: 0 }),
          line("What-if census 80% band", "rgba(201,138,0,.5)", {
            borderWidth: 0,
            fill: "-1",
            backgroundColor: "rgba(201,138,0,.25)",
          }),
          line("What-if census median", "#c98a00", { borderWidth: 2 }),
          line("Baseline census median", "#1f5fa8", { borderDash: [5, 4] }),
          line("Baseline census p90", "rgba(31,95,168,.5)", { borderDash: [2, 3] }),
          line(`Staffed ED beds (${canvases.beds})`, "#b3261e", {
            borderWidth: 1,
            data: canvases.labels.map(() => canvases.beds),
          }),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true } },
        plugins: {
          legend: {
            labels: { filter: (item: { text: string }) => item.text !== "What-if census p10" },
          },
        },
      },
    }) as unknown as ChartLike
    : null;
  return { arrivals, census };
}
