import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { type SeriesColumn, SeriesTable } from "../components/SeriesTable.tsx";

export interface Band {
  p10: number;
  p50: number;
  p90: number;
}

export interface HospitalChartsProps {
  /** Hour labels in the hospital's zone (formatted on the server), one per column. */
  labels: string[];
  /** "PDT": the zone the labels are in. */
  zone: string;
  /** Index of the first forecast hour. */
  forecastFrom: number;
  observedArrivals: (number | null)[];
  arrivals: (Band | null)[];
  observedOccupancy: (number | null)[];
  census: (Band | null)[];
  beds: number;
  surgeBeds: number;
  heatIndexC: (number | null)[];
  aqi: (number | null)[];
  heatAlertIndexC: number;
  aqiAlert: number;
}

interface ChartLike {
  destroy(): void;
}

/** Why a conditions chart is empty, instead of a blank box. */
const NO_READINGS = (what: string) =>
  `No ${what} readings for these hours: the weather and air-quality feeds are off or have not ` +
  "answered yet (see Environmental feeds on the overview), and none were uploaded for this place.";

/** Same y-axis widths on every chart so that their hours line up vertically. */
const AXIS_PX = 56;

/**
 * The hospital's three aligned hourly charts (chart.js): ED arrivals (observed, forecast band),
 * patients in the ED (reported occupancy, census band, staffed beds and beds + surge), and the
 * heat index and AQI with the organisation's alert thresholds.
 */
export default function HospitalCharts(props: HospitalChartsProps) {
  const arrivalsCanvas = useRef<HTMLCanvasElement>(null);
  const censusCanvas = useRef<HTMLCanvasElement>(null);
  const heatCanvas = useRef<HTMLCanvasElement>(null);
  const aqiCanvas = useRef<HTMLCanvasElement>(null);
  const hasHeat = props.heatIndexC.some((v) => v !== null);
  const hasAqi = props.aqi.some((v) => v !== null);
  const status = useSignal("loading chart…");
  useEffect(() => {
    const charts: ChartLike[] = [];
    (async () => {
      const { Chart, registerables } = await import("chart.js");
      Chart.register(...registerables);
      const n = props.labels.length;
      const line = { pointRadius: 0, borderWidth: 1.5, tension: 0.2, spanGaps: false };
      const fit = (scale: { width: number }) => {
        scale.width = AXIS_PX;
      };
      const options = (extraScales: Record<string, unknown> = {}, rightAxis = false) => ({
        animation: false as const,
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { right: rightAxis ? 0 : AXIS_PX } },
        scales: { y: { beginAtZero: true, afterFit: fit }, ...extraScales },
        plugins: {
          legend: { labels: { filter: (item: { text: string }) => !item.text.startsWith("_") } },
        },
      });
      const band = (values: (Band | null)[], pick: (b: Band) => number) =>
        values.map((b) => (b ? pick(b) : null));
      const make = (canvas: HTMLCanvasElement | null, datasets: unknown[], opts: unknown) => {
        if (!canvas) return;
        charts.push(
          new Chart(canvas, {
            type: "line",
            data: { labels: props.labels, datasets: datasets as never },
            options: opts as never,
          }),
        );
      };
      make(arrivalsCanvas.current, [
        {
          ...line,
          label: "ED arrivals per hour (observed)",
          data: props.observedArrivals,
          borderColor: "#1f5fa8",
        },
        {
          ...line,
          label: "_p10",
          data: band(props.arrivals, (b) => b.p10),
          borderColor: "rgba(109,40,217,.3)",
        },
        {
          ...line,
          label: "likely range (8 hours in 10 fall inside)",
          data: band(props.arrivals, (b) => b.p90),
          borderColor: "rgba(109,40,217,.3)",
          backgroundColor: "rgba(109,40,217,.15)",
          fill: "-1",
        },
        {
          ...line,
          label: "likely (forecast)",
          data: band(props.arrivals, (b) => b.p50),
          borderColor: "#6d28d9",
        },
      ], options());
      make(censusCanvas.current, [
        {
          ...line,
          label: "patients in the ED (reported)",
          data: props.observedOccupancy,
          borderColor: "#1f5fa8",
        },
        {
          ...line,
          label: "_c10",
          data: band(props.census, (b) => b.p10),
          borderColor: "rgba(201,138,0,.4)",
        },
        {
          ...line,
          label: "likely range (8 hours in 10 fall inside)",
          data: band(props.census, (b) => b.p90),
          borderColor: "rgba(201,138,0,.4)",
          backgroundColor: "rgba(201,138,0,.2)",
          fill: "-1",
        },
        {
          ...line,
          label: "patients likely in the ED (forecast)",
          data: band(props.census, (b) => b.p50),
          borderColor: "#c98a00",
        },
        {
          ...line,
          label: `staffed ED beds (${props.beds})`,
          data: Array(n).fill(props.beds),
          borderColor: "#b3261e",
          borderDash: [6, 4],
          borderWidth: 1,
        },
        {
          ...line,
          label: `beds + maximum surge (${props.beds + props.surgeBeds})`,
          data: Array(n).fill(props.beds + props.surgeBeds),
          borderColor: "#7f1010",
          borderDash: [2, 3],
          borderWidth: 1,
        },
      ], options());
      make(heatCanvas.current, [
        {
          ...line,
          borderWidth: 2,
          label: "heat index (feels like), °C",
          data: props.heatIndexC,
          borderColor: "#d9480f",
        },
        {
          ...line,
          label: `alert at ${props.heatAlertIndexC} °C`,
          data: Array(n).fill(props.heatAlertIndexC),
          borderColor: "rgba(217,72,15,.6)",
          borderDash: [4, 4],
          borderWidth: 1,
        },
      ], { ...options(), scales: { y: { afterFit: fit } } });
      make(aqiCanvas.current, [
        {
          ...line,
          borderWidth: 2,
          label: "air quality index (AQI)",
          data: props.aqi,
          borderColor: "#5f3dc4",
        },
        {
          ...line,
          label: `alert at AQI ${props.aqiAlert}`,
          data: Array(n).fill(props.aqiAlert),
          borderColor: "rgba(95,61,196,.6)",
          borderDash: [4, 4],
          borderWidth: 1,
        },
      ], options());
      status.value = "";
    })().catch((err) => status.value = `chart failed: ${err.message}`);
    return () => charts.forEach((c) => c.destroy());
  }, [props.labels]);
  return (
    <>
      <figure class="chart">
        <figcaption>
          ED arrivals per hour: last 48 h observed, next 72 h forecast ({props.zone})
        </figcaption>
        <div class="chart-box">
          <canvas
            ref={arrivalsCanvas}
            role="img"
            aria-label="ED arrivals"
            data-testid="arrivals-chart"
          />
        </div>
      </figure>
      <figure class="chart">
        <figcaption>
          Patients in the ED: reported occupancy and the census forecast against staffed beds (
          {props.zone})
        </figcaption>
        <div class="chart-box">
          <canvas
            ref={censusCanvas}
            role="img"
            aria-label="ED census and beds"
            data-testid="census-chart"
          />
        </div>
      </figure>
      <figure class="chart chart-strip" data-testid="heat-strip">
        <figcaption>Heat index ("feels like") at the hospital ({props.zone})</figcaption>
        {hasHeat
          ? (
            <div class="chart-box chart-box-strip">
              <canvas
                ref={heatCanvas}
                role="img"
                aria-label="Heat index at the hospital"
                data-testid="conditions-chart"
              />
            </div>
          )
          : <p class="muted" data-testid="no-heat">{NO_READINGS("temperature and humidity")}</p>}
      </figure>
      <figure class="chart chart-strip" data-testid="aqi-strip">
        <figcaption>Air quality (AQI) at the hospital ({props.zone})</figcaption>
        {hasAqi
          ? (
            <div class="chart-box chart-box-strip">
              <canvas
                ref={aqiCanvas}
                role="img"
                aria-label="Air quality index at the hospital"
                data-testid="aqi-chart"
              />
            </div>
          )
          : <p class="muted" data-testid="no-aqi">{NO_READINGS("air-quality")}</p>}
      </figure>
      {status.value && <p class="muted">{status.value}</p>}
      <SeriesTable
        summary={`The charts' figures as a table, hour by hour (${props.zone})`}
        rows={hourRows(props)}
        columns={hourColumns}
        testId="hospital-figures"
      />
    </>
  );
}

type HourRow = ReturnType<typeof hourRows>[number];
const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? "—" : v.toFixed(digits);
const band = (b: Band | null, digits = 0) =>
  b ? `${num(b.p50, digits)} (${num(b.p10, digits)}–${num(b.p90, digits)})` : "—";

/** The hours that have any figure, with what each chart shows at that hour. */
function hourRows(p: HospitalChartsProps) {
  return p.labels
    .map((label, i) => ({
      label: i < p.forecastFrom ? label : `${label} (forecast)`,
      observedArrivals: p.observedArrivals[i],
      arrivals: p.arrivals[i],
      observedOccupancy: p.observedOccupancy[i],
      census: p.census[i],
      beds: p.beds,
      heatIndexC: p.heatIndexC[i],
      aqi: p.aqi[i],
    }))
    .filter((r) =>
      r.observedArrivals !== null || r.arrivals !== null || r.observedOccupancy !== null ||
      r.census !== null || r.heatIndexC !== null || r.aqi !== null
    );
}

const hourColumns: SeriesColumn<HourRow>[] = [
  { label: "Hour", value: (r) => r.label },
  { label: "Arrivals observed", value: (r) => num(r.observedArrivals), numeric: true },
  {
    label: "Arrivals forecast: likely (8 hours in 10 between)",
    value: (r) => band(r.arrivals, 1),
    numeric: true,
  },
  { label: "Patients in ED reported", value: (r) => num(r.observedOccupancy), numeric: true },
  {
    label: "Patients in ED forecast: likely (8 hours in 10 between)",
    value: (r) => band(r.census),
    numeric: true,
  },
  { label: "Staffed beds", value: (r) => String(r.beds), numeric: true },
  { label: "Heat index °C", value: (r) => num(r.heatIndexC, 1), numeric: true },
  { label: "AQI", value: (r) => num(r.aqi), numeric: true },
];
