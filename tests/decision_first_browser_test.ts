/**
 * Decision first (issue 22), in Chromium over the demo region: on a 1366×768 laptop the board
 * and the next-72 h timeline start above the fold (the map sits below, beside the events), the
 * board sorts by name again after another order, and /wall fits a 1920×1080 screen with no
 * vertical scroll in type readable across a room.
 */
import { expect } from "expect";
import { browserTest } from "./support/browser.ts";

/** Where an element starts, in px from the top of the page (the page is not scrolled). */
const topOf = (s: string) => document.querySelector(s)?.getBoundingClientRect().top ?? 1e9;

browserTest(
  "browser: at 1366×768 the board and the timeline start above the fold; the board sorts by name again",
  async ({ page, base }) => {
    await page.goto(`${base}/`);
    const board = await page.evaluate(topOf, ".board table");
    const timeline = await page.evaluate(topOf, '[data-testid="timeline"]');
    expect(board).toBeLessThan(768);
    expect(timeline).toBeLessThan(768);
    // The map is still there, below the decision.
    const map = await page.evaluate(topOf, ".map");
    expect(map).toBeGreaterThan(timeline);

    const names = () =>
      page.locator("tr[data-hospital]").evaluateAll((rows) =>
        rows.map((r) => r.getAttribute("data-hospital")!)
      );
    const byName = (await names()).slice().sort((a, b) => a.localeCompare(b));
    expect(await names()).toEqual(byName);
    await page.getByTestId("sort-load").click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="sort-load"]')?.getAttribute("aria-pressed") === "true"
    );
    await page.getByTestId("sort-name").click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="sort-name"]')?.getAttribute("aria-pressed") === "true"
    );
    expect(await names()).toEqual(byName);
  },
  { viewport: { width: 1366, height: 768 } },
);

browserTest(
  "browser: /wall fits 1920×1080 with no vertical scroll, board text room-size",
  async ({ page, base }) => {
    await page.goto(`${base}/wall`);
    await page.waitForSelector('[data-testid="timeline"]');
    const fit = await page.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      view: globalThis.innerHeight,
      timelineBottom: document.querySelector('[data-testid="timeline"]')!.getBoundingClientRect()
        .bottom,
      boardText: parseFloat(
        getComputedStyle(document.querySelector(".board tbody td")!).fontSize,
      ),
      rows: document.querySelectorAll("tr[data-hospital]").length,
    }));
    expect(fit.rows).toBeGreaterThanOrEqual(4);
    expect(fit.scroll).toBeLessThanOrEqual(fit.view);
    expect(fit.timelineBottom).toBeLessThanOrEqual(1080);
    expect(fit.boardText).toBeGreaterThanOrEqual(24);
  },
  { viewport: { width: 1920, height: 1080 } },
);
