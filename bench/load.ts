/**
 * A small closed-loop HTTP load generator, run as its own process so that it does not share the
 * server's event loop: `deno run -A bench/load.ts URL CONCURRENCY REQUESTS`. Prints JSON.
 */
const [url, concurrencyArg, requestsArg, ...headerArgs] = Deno.args;
// Optional `name: value` arguments become request headers (e.g. Authorization).
const headers = Object.fromEntries(headerArgs.map((h) => {
  const i = h.indexOf(":");
  return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
}));
const concurrency = Number(concurrencyArg ?? 32);
const total = Number(requestsArg ?? 5000);
let next = 0;
let failures = 0;
const latencies: number[] = [];

async function worker() {
  while (next < total) {
    next++;
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) failures++;
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
  rps: total / seconds,
  p50ms: latencies[Math.floor(latencies.length * 0.5)],
  p99ms: latencies[Math.floor(latencies.length * 0.99)],
}));
