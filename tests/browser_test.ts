import { expect } from "expect";
import { hasChromium, launchBrowser } from "./support/browser.ts";
import { testServices } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";

const ignore = !hasChromium();
if (ignore) console.warn("browser tests skipped: no Chromium at /usr/bin/chromium");

Deno.test({
  name: "browser: the overview's readiness island hydrates and reacts to clicks",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await buildTestApp(await testServices());
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`http://127.0.0.1:${server.addr.port}/`);
      const button = page.getByTestId("sort-load");
      await expect(await button.textContent()).toBe("Sort by load");
      const namesBefore = await page.locator("tr[data-hospital]").evaluateAll((rows) =>
        rows.map((r) => r.getAttribute("data-hospital"))
      );
      expect(namesBefore.length).toBeGreaterThanOrEqual(4);
      // Only a hydrated island changes its own text when clicked.
      await button.click();
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="sort-load"]')?.textContent === "Sorted by load"
      );
      expect(await button.getAttribute("aria-pressed")).toBe("true");
      const total = namesBefore.length;
      await page.getByTestId("only-pressed").check();
      const count = await page.getByTestId("board-count").textContent();
      expect(count).toMatch(new RegExp(`^\\d+ of ${total} shown$`));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});

Deno.test({
  name: "browser: the hospital page draws its arrivals chart with chart.js",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const services = await testServices();
    const app = await buildTestApp(services);
    const [h] = await services.db.query<{ id: string }>("SELECT id FROM hospitals LIMIT 1");
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${server.addr.port}/hospitals/${h.id}`);
      await page.waitForFunction(() => !document.body.textContent?.includes("loading chart"));
      const drawn = await page.getByTestId("arrivals-chart").evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
        return inked;
      });
      expect(drawn).toBeGreaterThan(500);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});

Deno.test({
  name: "browser: the overview map loads its offline base map with maplibre-gl",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const app = await buildTestApp(await testServices());
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => requests.push(new URL(r.url()).host));
      await page.goto(`http://127.0.0.1:${server.addr.port}/`);
      const caption = page.locator(".map figcaption");
      await page.waitForFunction(
        () => {
          const t = document.querySelector(".map figcaption")?.textContent ?? "";
          return !t.startsWith("loading map");
        },
        undefined,
        { timeout: 30_000 },
      );
      expect(await caption.textContent()).toContain("Hospitals coloured by readiness");
      expect(await page.locator(".maplibregl-canvas").count()).toBe(1);
      // Offline: nothing but this server was asked for anything.
      expect(new Set(requests)).toEqual(new Set([`127.0.0.1:${server.addr.port}`]));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});
