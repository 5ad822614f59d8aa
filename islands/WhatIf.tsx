import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import type * as Ort from "onnxruntime-web";
import { type FeatureSpec, forecastRows } from "../ml/features.ts";
import {
  type ScenarioHospital,
  type ScenarioOutcome,
  scenarioOutcome,
} from "../ml/what_if_plan.ts";
import type { CensusHistoryInput } from "../domain/hospital_census.ts";
import type { OrgSettings } from "../domain/settings.ts";
import { formatTick, formatTime } from "../domain/time_format.ts";
import { OutcomeTotals, ScenarioPlan } from "./(_what_if)/OutcomeView.tsx";
import { type ChartLike, makeCharts } from "./(_what_if)/charts.ts";
import {
  type ForecastPoint,
  type Overrides,
  quantilePoints,
  scenarioFromJson,
  scenarioHistory,
  type ScenarioInputs,
  type ScenarioJson,
} from "../ml/what_if_inputs.ts";
import { TableScroll } from "../components/TableScroll.tsx";
import { downloadFailure } from "./(_what_if)/failure.ts";
import { formatTemperatureDelta, METRIC, type Units } from "../domain/units.ts";

export interface WhatIfProps {
  hospitalId: string;
  /** First hour of the window (the forecast origin). */
  issuedAt: string;
  capacity: number;
  hospital: ScenarioHospital;
  settings: OrgSettings;
  censusHistory: CensusHistoryInput;
  /** Display names of the scenario's events by code. */
  names: Record<string, string>;
  /** What the window assumes (shifted history, climatology), in words. */
  windowNote: string;
  modelVersion: string;
  modelSha256: string;
  spec: FeatureSpec;
  inputs: ScenarioJson;
  /** The active ONNX artifact; its ETag must be modelSha256 (the spec above belongs to it). */
  modelUrl: string;
  /** ONNX Runtime Web's WASM build, its Emscripten glue and binary (content-hashed vendor files). */
  ortUrl: string;
  ortGlueUrl: string;
  ortWasmUrl: string;
  /** °C or °F for the temperature slider (domain/units.ts); the model works in °C. */
  units?: Units;
}

interface Engine {
  ort: typeof Ort;
  session: Ort.InferenceSession;
  scenario: ScenarioInputs;
}

/** One 72 h forecast in the browser: the server's features and model, the server's rounding. */
async function forecast(
  e: Engine,
  spec: FeatureSpec,
  overrides: Overrides,
  issuedAt: number,
): Promise<ForecastPoint[] | null> {
  const rows = forecastRows(scenarioHistory(e.scenario, overrides), e.scenario.origin, spec);
  if (!rows) return null;
  const n = spec.horizonHours, f = spec.names.length;
  const out = await e.session.run({
    features: new e.ort.Tensor("float32", rows.x, [n, f]),
    scale: new e.ort.Tensor("float32", rows.scale, [n, 1]),
  });
  const mean = out.mean ? out.mean.data as Float32Array : null;
  return quantilePoints(out.quantiles.data as Float32Array, 0, n, issuedAt, mean);
}

/** The scenario's census, readiness and plan (ml/what_if_plan.ts: the server's functions). */
function outcomeOf(e: Engine, props: WhatIfProps, overrides: Overrides, points: ForecastPoint[]) {
  return scenarioOutcome({
    scenario: e.scenario,
    overrides,
    points,
    censusHistory: props.censusHistory,
    settings: props.settings,
    hospital: props.hospital,
    names: props.names,
  });
}

/** Sums over hours: expected arrivals add their means; p10/p90 sums bound the band. */
const total = (points: ForecastPoint[], key: "p10" | "mean" | "p90" = "mean") =>
  points.reduce((s, p) => s + p[key], 0);

/**
 * Sliders for event attendance, temperature and PM2.5; every change recomputes p10/p50/p90 for
 * the next 72 h in the browser (onnxruntime-web + ml/features.ts) with no request to the server.
 */
export default function WhatIf(props: WhatIfProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const engine = useRef<Engine | null>(null);
  const chart = useRef<ChartLike | null>(null);
  const censusCanvas = useRef<HTMLCanvasElement>(null);
  const censusChart = useRef<ChartLike | null>(null);
  const baseOutcome = useSignal<ScenarioOutcome | null>(null);
  const outcome = useSignal<ScenarioOutcome | null>(null);
  const queue = useRef<{ busy: boolean; next: Overrides | null }>({ busy: false, next: null });
  const status = useSignal("loading model…");
  /** Why the what-if cannot run (download, runtime or data): shown instead of empty results. */
  const failure = useSignal<string | null>(null);
  const ready = useSignal(false);
  const attendance = useSignal(1);
  const temperature = useSignal(0);
  const pm25 = useSignal(0);
  const baseline = useSignal<ForecastPoint[]>([]);
  const scenario = useSignal<ForecastPoint[]>([]);
  const issuedAt = new Date(props.issuedAt).getTime();
  const tz = props.inputs.hospital.timezone;

  const draw = () => {
    const c = chart.current;
    if (!c) return;
    const s = scenario.value, b = baseline.value;
    c.data.datasets[0].data = s.map((p) => p.p10);
    c.data.datasets[1].data = s.map((p) => p.p90);
    c.data.datasets[2].data = s.map((p) => p.p50);
    c.data.datasets[3].data = b.map((p) => p.p50);
    c.update("none");
    const cc = censusChart.current, so = outcome.value, bo = baseOutcome.value;
    if (!cc || !so || !bo) return;
    cc.data.datasets[0].data = so.census.map((p) => p.p10);
    cc.data.datasets[1].data = so.census.map((p) => p.p90);
    cc.data.datasets[2].data = so.census.map((p) => p.p50);
    cc.data.datasets[3].data = bo.census.map((p) => p.p50);
    cc.data.datasets[4].data = bo.census.map((p) => p.p90);
    cc.update("none");
    // bench/what_if_bench.ts reads this: slider input → chart redrawn.
    if (performance.getEntriesByName("what-if:input", "mark").length) {
      performance.measure("what-if:redraw", "what-if:input");
      performance.clearMarks("what-if:input");
    }
  };

  /** Runs one scenario at a time; only the latest slider position is computed. */
  const recompute = async (overrides: Overrides) => {
    const q = queue.current;
    q.next = overrides;
    if (q.busy || !engine.current) return;
    q.busy = true;
    try {
      while (q.next) {
        const o = q.next;
        q.next = null;
        const points = await forecast(engine.current, props.spec, o, issuedAt);
        if (points) {
          outcome.value = outcomeOf(engine.current, props, o, points);
          scenario.value = points;
        }
        draw();
      }
    } catch (err) {
      status.value = "forecast failed";
      failure.value = (err as Error).message;
    } finally {
      q.busy = false;
    }
  };

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const ort = await import(props.ortUrl) as typeof Ort;
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.wasmPaths = { mjs: props.ortGlueUrl, wasm: props.ortWasmUrl };
      const res = await fetch(props.modelUrl);
      if (!res.ok) throw new Error(downloadFailure(res.status));
      if (res.headers.get("etag") !== `"${props.modelSha256}"`) {
        throw new Error("a new model was activated since this page loaded; reload the page");
      }
      const bytes = new Uint8Array(await res.arrayBuffer());
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
      const { Chart, registerables } = await import("chart.js");
      Chart.register(...registerables);
      if (cancelled || !canvas.current) return;
      engine.current = { ort, session, scenario: scenarioFromJson(props.inputs) };
      const base = await forecast(engine.current, props.spec, {}, issuedAt);
      if (!base) throw new Error("too little arrivals history for a forecast");
      baseline.value = base;
      scenario.value = base;
      baseOutcome.value = outcomeOf(engine.current, props, {}, base);
      outcome.value = baseOutcome.value;
      const labels = base.map((p) => formatTick(p.ts, tz));
      const charts = makeCharts(Chart, {
        arrivals: canvas.current,
        census: censusCanvas.current,
        labels,
        beds: props.hospital.edBeds,
      });
      chart.current = charts.arrivals;
      censusChart.current = charts.census;
      draw();
      ready.value = true;
      status.value = `Model ${props.modelVersion} loaded; forecasts are computed in your browser.`;
    })().catch((err) => {
      if (cancelled) return;
      status.value = "what-if failed";
      failure.value = err instanceof Error ? err.message : String(err);
    });
    return () => {
      cancelled = true;
      chart.current?.destroy();
      chart.current = null;
      censusChart.current?.destroy();
      censusChart.current = null;
      engine.current?.session.release().catch(() => {});
      engine.current = null;
    };
  }, [props.modelUrl, props.issuedAt]);

  /**
   * Recomputes at once from the input event: waiting for an effect after the next paint cost a
   * frame or more per slider move (issue 11: from 25 ms median to under one frame).
   */
  const moved = () => {
    if (!ready.value) return;
    performance.mark("what-if:input");
    recompute({
      attendanceFactor: attendance.value,
      temperatureDeltaC: temperature.value,
      pm25Delta: pm25.value,
    });
  };

  const b = baseline.value, s = scenario.value;
  const change = b.length ? (total(s) - total(b)) / Math.max(1e-9, total(b)) * 100 : 0;
  const fmtTime = (ts: string) => formatTime(ts, tz);
  const slider = (
    id: string,
    label: string,
    value: { value: number },
    min: number,
    max: number,
    step: number,
    show: (v: number) => string,
  ) => (
    <label class="what-if-slider" for={id}>
      <span>{label}</span>
      <input
        id={id}
        data-testid={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value.value}
        disabled={!ready.value}
        onInput={(e) => {
          value.value = Number((e.currentTarget as HTMLInputElement).value);
          moved();
        }}
      />
      <output for={id}>{show(value.value)}</output>
    </label>
  );
  // Events whose patients can reach the ED during the forecast (12 h margin, as the load model).
  const events = props.inputs.events.filter((e) =>
    new Date(e.endsAt).getTime() > issuedAt - 12 * 3_600_000 &&
    new Date(e.startsAt).getTime() < issuedAt + (props.spec.horizonHours + 12) * 3_600_000
  );
  return (
    <section class="what-if">
      <div class="what-if-controls">
        {slider("attendance", "Event attendance", attendance, 0, 3, 0.1, (v) => `${v.toFixed(1)}×`)}
        {slider(
          "temperature",
          "Temperature",
          temperature,
          -5,
          10,
          0.5,
          (v) => formatTemperatureDelta(v, props.units ?? METRIC),
        )}
        {slider("pm25", "PM2.5", pm25, 0, 150, 5, (v) => `+${v} µg/m³`)}
      </div>
      <p class="muted" data-testid="what-if-status" role="status">{status.value}</p>
      {failure.value && (
        <div class="notice notice-error" role="alert" data-testid="what-if-error">
          <p>
            <strong>The what-if cannot run:</strong> {failure.value}
          </p>
          <p>No figures are shown below until it can; the server's forecast is unaffected.</p>
        </div>
      )}
      <p class="muted" data-testid="window-note">{props.windowNote}</p>
      <div class="what-if-results" hidden={failure.value !== null}>
        <OutcomeTotals
          base={baseOutcome.value}
          scen={outcome.value}
          beds={props.hospital.edBeds}
          timeZone={tz}
        />
        <dl class="facts what-if-totals">
          <dt>Expected arrivals, next 72 h (mean), baseline</dt>
          <dd data-testid="baseline-total">{b.length ? total(b).toFixed(1) : "…"}</dd>
          <dt>Expected arrivals, next 72 h (mean), what-if</dt>
          <dd data-testid="scenario-total">{s.length ? total(s).toFixed(1) : "…"}</dd>
          <dt>Change</dt>
          <dd data-testid="change">
            {b.length ? `${change >= 0 ? "+" : ""}${change.toFixed(1)} %` : "…"}
          </dd>
          <dt>Sum of hourly p10 – p90, what-if</dt>
          <dd>{s.length ? `${total(s, "p10").toFixed(0)}–${total(s, "p90").toFixed(0)}` : "…"}</dd>
        </dl>
        <figure class="chart">
          <figcaption>
            ED arrivals per hour, 72 h from {fmtTime(props.issuedAt)}: baseline vs what-if
          </figcaption>
          <div class="chart-box">
            <canvas
              ref={canvas}
              role="img"
              aria-label="Baseline and what-if ED arrivals per hour"
              data-testid="what-if-chart"
            />
          </div>
        </figure>
        <figure class="chart">
          <figcaption>
            Patients in the ED (census), next 72 h ({tz}): baseline vs what-if, against staffed beds
          </figcaption>
          <div class="chart-box">
            <canvas
              ref={censusCanvas}
              role="img"
              aria-label="Baseline and what-if ED census"
              data-testid="what-if-census-chart"
            />
          </div>
        </figure>
        <ScenarioPlan base={baseOutcome.value?.plan ?? []} scen={outcome.value?.plan ?? []} />
        <p class="muted">
          {events.length
            ? `Events within the forecast window: ${events.map((e) => e.name).join(", ")}.`
            : "No events near the forecast window: attendance changes nothing here."}
        </p>
        <details>
          <summary>Hourly figures</summary>
          <TableScroll label="Hourly figures">
            <table class="what-if-table" data-testid="hourly">
              <thead>
                <tr>
                  <th>Hour</th>
                  <th>Baseline p10</th>
                  <th>p50</th>
                  <th>p90</th>
                  <th>What-if p10</th>
                  <th>p50</th>
                  <th>p90</th>
                </tr>
              </thead>
              <tbody>
                {b.map((p, k) => (
                  <tr data-ts={p.ts}>
                    <td>{fmtTime(p.ts)}</td>
                    <td>{p.p10.toFixed(2)}</td>
                    <td>{p.p50.toFixed(2)}</td>
                    <td>{p.p90.toFixed(2)}</td>
                    <td>{s[k]?.p10.toFixed(2)}</td>
                    <td>{s[k]?.p50.toFixed(2)}</td>
                    <td>{s[k]?.p90.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      </div>
    </section>
  );
}
