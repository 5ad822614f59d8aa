/**
 * Figures only a browser gives (Chromium, skipped where it is missing): JavaScript and
 * WebAssembly bytes on the wire for the overview and the what-if page against their raw sizes,
 * and the time from a what-if slider move to the redrawn chart (the island's performance marks).
 */
import type { Page } from "playwright-core";
import type { Services } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { hasChromium, launchBrowser } from "../tests/support/browser.ts";
import { report } from "./http.ts";

interface Weight {
  js: { wire: number; raw: number };
  wasm: { wire: number; raw: number };
}

/** Loads a page and adds up what its scripts and WebAssembly cost on the wire and unpacked. */
async function weigh(page: Page, url: string, ready: () => Promise<unknown>): Promise<Weight> {
  const w: Weight = { js: { wire: 0, raw: 0 }, wasm: { wire: 0, raw: 0 } };
  const pending: Promise<void>[] = [];
  const onResponse = (res: import("playwright-core").Response) => {
    const path = new URL(res.url()).pathname;
    const kind = /\.m?js$/.test(path) ? "js" : path.endsWith(".wasm") ? "wasm" : null;
    if (!kind) return;
    pending.push((async () => {
      // The server states the length of what it sends (compressed or not); a worker's script
      // has no size in the page's accounting otherwise.
      const length = Number(await res.headerValue("content-length"));
      const wire = length > 0 ? length : (await res.request().sizes()).responseBodySize;
      w[kind].wire += wire;
      // Read before adding: `raw += await …` would add to the total as it was before the await,
      // and concurrent responses would overwrite each other's sizes.
      const raw = (await res.body()).byteLength;
      w[kind].raw += raw;
    })());
  };
  page.on("response", onResponse);
  await page.goto(url);
  await ready();
  // Scripts that load after the page is ready (preloaded chunks) count too: wait until nothing
  // is in flight and every response seen so far has been weighed.
  await page.waitForLoadState("networkidle");
  for (let seen = -1; seen !== pending.length;) {
    seen = pending.length;
    await Promise.all(pending);
  }
  page.off("response", onResponse);
  return w;
}

const kb = (n: number) => n / 1024;

/** Median of what-if slider moves to redrawn chart, over `moves` moves. */
async function sliderLatency(page: Page, moves: number): Promise<number[]> {
  return await page.evaluate(async (n) => {
    const slider = document.querySelector('[data-testid="attendance"]') as HTMLInputElement;
    const done = () => performance.getEntriesByName("what-if:redraw", "measure").length;
    performance.clearMeasures("what-if:redraw");
    for (let i = 0; i < n; i++) {
      const before = done();
      slider.value = String(((i % 29) + 1) / 10);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      while (done() === before) await new Promise((r) => setTimeout(r, 1));
      // Let the browser paint between moves, as between a person's.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    return performance.getEntriesByName("what-if:redraw", "measure").map((m) => m.duration);
  }, moves);
}

export async function benchBrowser(services: Services) {
  if (!hasChromium()) {
    console.log("browser figures skipped: no Chromium at /usr/bin/chromium");
    return;
  }
  const app = createApp(services, await loadIslandAssets());
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const browser = await launchBrowser();
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const page = await browser.context.newPage();
    // Every page as a first visit: nothing from the browser's cache.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const overview = await weigh(
      page,
      `${base}/`,
      () =>
        page.waitForFunction(
          () =>
            !(document.querySelector(".map figcaption")?.textContent ?? "").startsWith("loading"),
          undefined,
          { timeout: 60_000 },
        ),
    );
    report(
      "overview JavaScript on the wire (goal ≤ 350 KB)",
      kb(overview.js.wire),
      "raw",
      kb(overview.js.raw),
      "KB",
    );
    const whatIf = await weigh(
      page,
      `${base}/what-if`,
      () =>
        page.waitForFunction(
          () =>
            (document.querySelector('[data-testid="what-if-status"]')?.textContent ?? "")
              .startsWith("Model"),
          undefined,
          { timeout: 120_000 },
        ),
    );
    report("what-if JavaScript on the wire", kb(whatIf.js.wire), "raw", kb(whatIf.js.raw), "KB");
    report(
      "what-if WebAssembly on the wire (goal ≤ 4,096 KB)",
      kb(whatIf.wasm.wire),
      "raw",
      kb(whatIf.wasm.raw),
      "KB",
    );
    await sliderLatency(page, 5); // warm-up: JIT, first chart updates
    const times = (await sliderLatency(page, 60)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(
      `  what-if slider → chart: median ${median.toFixed(1)} ms, p90 ${
        times[Math.floor(times.length * 0.9)].toFixed(1)
      } ms, max ${times[times.length - 1].toFixed(1)} ms over ${times.length} moves`,
    );
    report(
      "what-if slider move → redrawn chart, median (goal < one frame)",
      median,
      "one frame at 60 Hz",
      1000 / 60,
      "ms",
    );
  } finally {
    await browser.close();
    await server.shutdown();
  }
}
