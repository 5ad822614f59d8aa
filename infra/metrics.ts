import type { MiddlewareHandler } from "hono";

/**
 * A small Prometheus registry (text exposition format 0.0.4): counters and histograms with
 * labels. Process-local; each instance exposes its own /metrics.
 */
type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) =>
    `${k}="${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`
  ).join(",");

class Counter {
  readonly values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1) {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ""} ${v}`);
    return lines.join("\n");
  }
}

class Histogram {
  readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: number[]) {}
  observe(labels: Labels, value: number) {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 });
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]++;
    });
    s.sum += value;
    s.count++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
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

const registry: (Counter | Histogram)[] = [];

/** Creates (once) and returns a counter. */
export function counter(name: string, help: string): Counter {
  const found = registry.find((m) => m.name === name);
  if (found) return found as Counter;
  const c = new Counter(name, help);
  registry.push(c);
  return c;
}

/** Creates (once) and returns a histogram with the given upper bounds. */
export function histogram(name: string, help: string, buckets: number[]): Histogram {
  const found = registry.find((m) => m.name === name);
  if (found) return found as Histogram;
  const h = new Histogram(name, help, buckets);
  registry.push(h);
  return h;
}

/** The whole registry in Prometheus text format. */
export function renderMetrics(): string {
  return registry.map((m) => m.render()).join("\n") + "\n";
}

const requests = counter("festsafe_http_requests_total", "HTTP requests by method, route, status.");
const latency = histogram(
  "festsafe_http_request_duration_seconds",
  "HTTP request latency by method and route.",
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

/** Route label without ids, so that series stay few: /hospitals/<uuid> → /hospitals/:id. */
export function routeLabel(path: string): string {
  if (path.startsWith("/_islands/")) return "/_islands/*";
  return path.replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "/:id")
    .replace(/\/\d+(?=\/|$)/g, "/:n");
}

/** Counts every request and its latency. */
export function httpMetrics(): MiddlewareHandler {
  return async function httpMetrics(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      const labels = { method: c.req.method, route: routeLabel(new URL(c.req.url).pathname) };
      requests.inc({ ...labels, status: String(c.res.status) });
      latency.observe(labels, (performance.now() - started) / 1000);
    }
  };
}
