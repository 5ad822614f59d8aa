/**
 * Opens N live-update streams to a FestSafe server and reports when each one receives the next
 * `observation` event: `deno run -A bench/sse_clients.ts URL TOKEN N`. Prints `ready` once every
 * stream has its hello frame, then (after the parent's upload) one JSON line with each stream's
 * arrival time (epoch ms, sub-millisecond).
 *
 * Each stream is a plain HTTP/1.1 request on its own TCP connection, read with `conn.read`: the
 * 10,000 streams share one process here (10,000 browsers would not), and `fetch` with a body
 * reader per stream cost this process so much that arrivals were stamped late by its own queue
 * (p99 about twice the server's). Only the status line and the SSE event names are looked at.
 */
const [url, token, countArg] = Deno.args;
const count = Number(countArg);
const target = new URL(url);
const now = () => performance.timeOrigin + performance.now();
const arrivals: number[] = [];
let ready = 0;
let readyResolve: () => void;
const allReady = new Promise<void>((r) => readyResolve = r);
let doneResolve: () => void;
const allDone = new Promise<void>((r) => doneResolve = r);
const request = new TextEncoder().encode(
  `GET ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\n` +
    `authorization: Bearer ${token}\r\naccept: text/event-stream\r\n\r\n`,
);

async function client() {
  const conn = await Deno.connect({ hostname: target.hostname, port: Number(target.port) });
  try {
    await conn.write(request);
    const buf = new Uint8Array(16_384);
    const decoder = new TextDecoder();
    let text = "";
    let hello = false;
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) throw new Error("live stream ended");
      text += decoder.decode(buf.subarray(0, n), { stream: true });
      if (!hello) {
        const eol = text.indexOf("\r\n");
        const status = eol < 0 ? "" : text.slice(0, eol);
        if (status && !/^HTTP\/1\.1 200 /.test(status)) {
          throw new Error(`live stream answered ${status}`);
        }
        if (text.includes("event: hello")) {
          hello = true;
          text = "";
          if (++ready === count) readyResolve();
        }
      } else if (text.includes("event: observation")) {
        arrivals.push(now());
        if (arrivals.length === count) doneResolve();
        // The dashboard stays open, as a real one would: 10,000 disconnects in the middle of
        // the fan-out would make the server tear streams down while it still delivers to others.
        return;
      }
    }
  } catch (err) {
    conn.close();
    throw err;
  }
}

// Open in waves so that the server's accept queue is not flooded all at once.
const clients: Promise<void>[] = [];
for (let i = 0; i < count; i += 500) {
  for (let j = i; j < Math.min(count, i + 500); j++) clients.push(client());
  await new Promise((r) => setTimeout(r, 50));
}
clients.forEach((c) => c.catch((e) => console.error(String(e))));
await allReady;
console.log("ready");
const timeout = setTimeout(() => doneResolve(), 30_000);
await allDone;
clearTimeout(timeout);
console.log(JSON.stringify({ arrivals }));
Deno.exit(0);
