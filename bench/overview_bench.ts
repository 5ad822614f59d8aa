import { Hono } from "hono";
import type { Services } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { measure, report } from "./http.ts";

/** Server-rendered overview page against a bare Hono text route, same machine, same run. */
export async function benchOverview(services: Services) {
  const app = createApp(services, await loadIslandAssets());
  const bare = new Hono();
  bare.get("/", (c) => c.text("ok"));
  const a = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const b = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, bare.fetch);
  try {
    const pageUrl = `http://127.0.0.1:${a.addr.port}/`;
    const bareUrl = `http://127.0.0.1:${b.addr.port}/`;
    await measure(pageUrl, 8, 200); // warm-up: JIT, query plans
    await measure(bareUrl, 8, 200);
    const page = await measure(pageUrl, 32, 2000);
    const base = await measure(bareUrl, 32, 20000);
    if (page.failures || base.failures) throw new Error("non-200 answers during the bench");
    return report("overview page (SSR + DB)", page.rps, "bare Hono text route", base.rps, "req/s");
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
}
