/**
 * A closed-loop load generator over a weighted mix of requests, run as its own process:
 * `deno run -A bench/mix_load.ts SPEC.json CONCURRENCY REQUESTS`, where SPEC.json is
 * `[{url, weight, headers?}]`. Prints JSON like bench/load.ts.
 */
interface Target {
  url: string;
  weight: number;
  headers?: Record<string, string>;
}
const [specFile, concurrencyArg, requestsArg] = Deno.args;
const spec: Target[] = JSON.parse(await Deno.readTextFile(specFile));
const concurrency = Number(concurrencyArg ?? 100);
const total = Number(requestsArg ?? 10_000);
const totalWeight = spec.reduce((a, t) => a + t.weight, 0);
// A fixed, interleaved schedule: the same mix in every run.
const schedule: Target[] = [];
for (let i = 0; schedule.length < total; i++) {
  let x = ((i * 7919) % totalWeight) + 0.5;
  for (const t of spec) {
    if ((x -= t.weight) < 0) {
      schedule.push(t);
      break;
    }
  }
}
let next = 0;
let failures = 0;
const statuses: Record<string, number> = {};
const latencies: number[] = [];

async function worker() {
  while (next < total) {
    const t = schedule[next++];
    const t0 = performance.now();
    const res = await fetch(t.url, { headers: t.headers });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status >= 400) failures++;
    latencies.push(performance.now() - t0);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
console.log(JSON.stringify({
  requests: total,
  failures,
  statuses,
  rps: total / seconds,
  p50ms: latencies[Math.floor(latencies.length * 0.5)],
  p99ms: latencies[Math.floor(latencies.length * 0.99)],
}));
