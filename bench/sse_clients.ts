/**
 * Opens N live-update streams to a FestSafe server and reports when each one receives the next
 * `observation` event: `deno run -A bench/sse_clients.ts URL TOKEN N`. Prints `ready` once every
 * stream has its hello frame, then (after the parent's upload) one JSON line with each stream's
 * arrival time (epoch ms, sub-millisecond).
 */
const [url, token, countArg] = Deno.args;
const count = Number(countArg);
const now = () => performance.timeOrigin + performance.now();
const arrivals: number[] = [];
let ready = 0;
let readyResolve: () => void;
const allReady = new Promise<void>((r) => readyResolve = r);
let doneResolve: () => void;
const allDone = new Promise<void>((r) => doneResolve = r);

async function client() {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`live stream answered ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let hello = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    text += decoder.decode(value, { stream: true });
    if (!hello && text.includes("event: hello")) {
      hello = true;
      text = "";
      if (++ready === count) readyResolve();
    } else if (hello && text.includes("event: observation")) {
      arrivals.push(now());
      if (arrivals.length === count) doneResolve();
      await reader.cancel();
      return;
    }
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
