import { expect } from "expect";
import { browserTest, hasChromium } from "./support/browser.ts";

if (!hasChromium()) console.warn("browser tests skipped: no Chromium at /usr/bin/chromium");

browserTest(
  "browser: the overview's readiness island hydrates and reacts to clicks",
  async ({ page, base }) => {
    await page.goto(`${base}/`);
    const button = page.getByTestId("sort-load");
    expect(await button.textContent()).toBe("Sort by load");
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
  },
);

browserTest(
  "browser: the hospital page draws its arrivals chart with chart.js",
  async ({ page, base, services }) => {
    const [h] = await services.db.query<{ id: string }>("SELECT id FROM hospitals LIMIT 1");
    await page.goto(`${base}/hospitals/${h.id}`);
    await page.waitForFunction(() => !document.body.textContent?.includes("loading chart"));
    const drawn = await page.getByTestId("arrivals-chart").evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
      return inked;
    });
    expect(drawn).toBeGreaterThan(500);
  },
);

browserTest(
  "browser: the overview's map is server-drawn SVG with links; maplibre-gl loads on request, offline",
  async ({ page, base }) => {
    const requests: string[] = [];
    page.on("request", (r) => requests.push(new URL(r.url()).host));
    await page.goto(`${base}/`);
    const svg = page.getByTestId("region-svg-map");
    expect(await svg.locator('a[href^="/hospitals/"]').count()).toBeGreaterThanOrEqual(4);
    expect(await svg.locator('a[aria-label^="Desert Regional Medical Center"]').count()).toBe(1);
    expect(await page.locator(".maplibregl-canvas").count()).toBe(0); // not loaded unasked
    await page.getByTestId("map-interactive").click();
    await page.waitForFunction(
      () => {
        const t = document.querySelector(".map-status")?.textContent ?? "x";
        return document.querySelector(".maplibregl-canvas") && !t.startsWith("loading map");
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.locator(".map-status").textContent()).toBe("");
    expect(await page.locator(".maplibregl-canvas").count()).toBe(1);
    expect(await svg.isVisible()).toBe(false); // the interactive map takes its place
    // Offline: nothing but this server was asked for anything.
    expect(new Set(requests)).toEqual(new Set([new URL(base).host]));
  },
);
