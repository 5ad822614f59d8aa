import { Hono } from "hono";
import type { Services } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { measure, report } from "./http.ts";

const ROUNDS = 5;

/** The median of a list of numbers. */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The anonymous overview, server-rendered with its data, against two bare Hono routes in the
 * same run: one serving the very bytes the overview answers with from memory — what rendering,
 * data, policy and middleware cost — and a text route. The load generator asks for identity
 * encoding so that decompressing answers does not bound it. The three are measured in turn,
 * round after round, and the median of each is reported: shared machines drift within a run.
 */
export async function benchOverview(services: Services) {
  const app = createApp(services, await loadIslandAssets());
  const identity = { "accept-encoding": "identity" };
  const sample = await app.request("/", { headers: identity });
  if (sample.status !== 200) throw new Error(`overview answered ${sample.status}`);
  const body = new Uint8Array(await sample.arrayBuffer());
  const type = sample.headers.get("content-type")!;
  const bare = new Hono();
  bare.get("/", (c) => c.text("ok"));
  bare.get("/same", () => new Response(body, { headers: { "content-type": type } }));
  const a = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const b = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, bare.fetch);
  try {
    const pageUrl = `http://127.0.0.1:${a.addr.port}/`;
    const sameUrl = `http://127.0.0.1:${b.addr.port}/same`;
    const textUrl = `http://127.0.0.1:${b.addr.port}/`;
    const rps = { page: [] as number[], same: [] as number[], text: [] as number[] };
    for (const [k, url] of [["page", pageUrl], ["same", sameUrl], ["text", textUrl]] as const) {
      await measure(url, 8, 300, identity); // warm-up: JIT, query plans
      void k;
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [k, url] of [["page", pageUrl], ["same", sameUrl], ["text", textUrl]] as const) {
        const r = await measure(url, 32, k === "text" ? 8000 : 3000, identity);
        if (r.failures) throw new Error(`non-200 answers from ${url} during the bench`);
        rps[k].push(r.rps);
      }
    }
    console.log(`  overview answer: ${body.byteLength} bytes of HTML; median of ${ROUNDS} rounds`);
    report(
      "overview page (SSR + DB, anonymous)",
      median(rps.page),
      "bare Hono route, same bytes from memory (goal ≥ 0.5)",
      median(rps.same),
      "req/s",
    );
    return report(
      "overview page (SSR + DB, anonymous)",
      median(rps.page),
      "bare Hono text route (goal ≥ 0.30)",
      median(rps.text),
      "req/s",
    );
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
}
