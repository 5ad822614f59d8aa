import type { Context, MiddlewareHandler } from "hono";

/**
 * A small Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms
 * with labels. Process-local; each instance exposes its own /metrics.
 *
 * Series stay bounded whatever callers send: HTTP requests are labelled by route pattern (never
 * by raw path, which an anonymous client chooses), label values are cut to 100 characters, and
 * each metric holds at most MAX_SERIES label sets — further ones are counted under
 * `overflow="true"`. No label ever names an organisation, a hospital or an event.
 */
type Labels = Record<string, string>;

/** Label sets per metric before new ones share the overflow series. */
export const MAX_SERIES = 500;
const OVERFLOW = 'overflow="true"';

const escape = (v: string) =>
  v.slice(0, 100).replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
const key = (labels: Labels) =>
  Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) =>
    `${k}="${escape(v)}"`
  ).join(",");

abstract class Metric<V> {
  readonly series = new Map<string, V>();
  constructor(readonly name: string, readonly help: string, readonly type: string) {}
  protected abstract empty(): V;
  /** The series of a label set; past MAX_SERIES, the shared overflow series. */
  protected slot(labels: Labels): V {
    let k = key(labels);
    let s = this.series.get(k);
    if (s) return s;
    if (this.series.size >= MAX_SERIES) {
      k = OVERFLOW;
      s = this.series.get(k);
      if (s) return s;
    }
    this.series.set(k, s = this.empty());
    return s;
  }
  protected header() {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
  }
  abstract render(): string;
}

class Counter extends Metric<{ v: number }> {
  constructor(name: string, help: string) {
    super(name, help, "counter");
  }
  protected empty() {
    return { v: 0 };
  }
  inc(labels: Labels = {}, by = 1) {
    this.slot(labels).v += by;
  }
  render(): string {
    const lines = this.header();
    for (const [k, s] of this.series) lines.push(`${this.name}${k ? `{${k}}` : ""} ${s.v}`);
    return lines.join("\n");
  }
}

class Gauge extends Metric<{ v: number }> {
  constructor(name: string, help: string) {
    super(name, help, "gauge");
  }
  protected empty() {
    return { v: 0 };
  }
  set(labels: Labels, value: number) {
    this.slot(labels).v = value;
  }
  inc(labels: Labels = {}, by = 1) {
    this.slot(labels).v += by;
  }
  dec(labels: Labels = {}, by = 1) {
    this.slot(labels).v -= by;
  }
  /** Drops every series (before a collector sets the current ones). */
  reset() {
    this.series.clear();
  }
  render(): string {
    const lines = this.header();
    for (const [k, s] of this.series) lines.push(`${this.name}${k ? `{${k}}` : ""} ${s.v}`);
    return lines.join("\n");
  }
}

interface HistogramSeries {
  counts: number[];
  sum: number;
  count: number;
}

class Histogram extends Metric<HistogramSeries> {
  constructor(name: string, help: string, readonly buckets: number[]) {
    super(name, help, "histogram");
  }
  protected empty() {
    return { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
  }
  observe(labels: Labels, value: number) {
    const s = this.slot(labels);
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]++;
    });
    s.sum += value;
    s.count++;
  }
  render(): string {
    const lines = this.header();
    for (const [k, s] of this.series) {
      const sep = k ? "," : "";
      this.buckets.forEach((b, i) =>
        lines.push(`${this.name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}`)
      );
      lines.push(`${this.name}_bucket{${k}${sep}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${k ? `{${k}}` : ""} ${s.sum}`);
      lines.push(`${this.name}_count${k ? `{${k}}` : ""} ${s.count}`);
    }
    return lines.join("\n");
  }
}

const registry = new Map<string, Counter | Gauge | Histogram>();

function registered<T extends Counter | Gauge | Histogram>(name: string, make: () => T): T {
  let m = registry.get(name);
  if (!m) registry.set(name, m = make());
  return m as T;
}

/** Creates (once) and returns a counter. */
export const counter = (name: string, help: string) =>
  registered(name, () => new Counter(name, help));

/** Creates (once) and returns a gauge. */
export const gauge = (name: string, help: string) => registered(name, () => new Gauge(name, help));

/** Creates (once) and returns a histogram with the given upper bounds. */
export const histogram = (name: string, help: string, buckets: number[]) =>
  registered(name, () => new Histogram(name, help, buckets));

/** The whole registry in Prometheus text format. */
export function renderMetrics(): string {
  return [...registry.values()].map((m) => m.render()).join("\n") + "\n";
}

/** Latency buckets in seconds, shared by request, job and forecast histograms. */
export const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

const requests = counter("festsafe_http_requests_total", "HTTP requests by method, route, status.");
const latency = histogram(
  "festsafe_http_request_duration_seconds",
  "HTTP request latency by method and route pattern.",
  SECONDS,
);
const inFlight = gauge("festsafe_http_requests_in_flight", "HTTP requests being served.");

const knownMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Counts every request and its latency under its route pattern: `routeOf` names the pattern the
 * request matched (`/api/hospitals/:id`), or null when none did — then every such path shares
 * `unmatched` (404s) or `static` (files), so random paths cannot grow the registry.
 */
export function httpMetrics(routeOf: (c: Context) => string | null): MiddlewareHandler {
  return async function httpMetrics(c, next) {
    const started = performance.now();
    inFlight.inc();
    try {
      await next();
    } finally {
      inFlight.dec();
      const status = c.res.status;
      const route = routeOf(c) ??
        (status === 404 ? "unmatched" : status < 400 ? "static" : "unmatched");
      const method = knownMethods.has(c.req.method) ? c.req.method : "OTHER";
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, (performance.now() - started) / 1000);
    }
  };
}
