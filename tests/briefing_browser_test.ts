/**
 * Briefings in Chromium (issue 11): the Print island wakes up, and printed (print media, then
 * a PDF) the hospital and event briefings hide the site's chrome and fit one A4 and one Letter
 * page with their chart drawn.
 */
import { expect } from "expect";
import type { Page } from "playwright-core";
import { browserTest } from "./support/browser.ts";
import { buildTestApp } from "./support/app.ts";
import { makeBriefingOrg } from "./support/briefing_org.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";

/** Pages of a PDF (its page objects; "/Type /Pages" is the tree, not a page). */
const pdfPages = (pdf: Uint8Array) =>
  new TextDecoder("latin1").decode(pdf).match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

async function checkPrinted(page: Page, url: string) {
  await page.emulateMedia({ media: "screen" });
  await page.goto(url, { waitUntil: "load" });
  expect(await page.locator(".topbar").isVisible()).toBe(true);
  await expect(page.getByTestId("print").isEnabled()).resolves.toBe(true);
  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() =>
    [".topbar", "nav", ".footer", ".briefing-nav"].map((sel) => {
      const el = document.querySelector(sel);
      return el
        ? getComputedStyle(el).display === "none" || !(el as HTMLElement).offsetParent
        : true;
    })
  );
  expect(hidden).toEqual([true, true, true, true]);
  // The printed height at A4's content width (210 mm less 2 × 12 mm margins), against one page.
  const mm = 96 / 25.4;
  await page.setViewportSize({ width: Math.round(186 * mm), height: 900 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThanOrEqual(Math.round(255 * mm)); // Letter: 279 mm less margins
  for (const format of ["A4", "Letter"] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    expect({ format, pages: pdfPages(pdf) }).toEqual({ format, pages: 1 });
  }
  return height;
}

browserTest(
  "browser: hospital and event briefings print on one page without the site's chrome",
  async ({ page, base, services: s }) => {
    const app = await buildTestApp(s);
    const org = await makeBriefingOrg(s, app);
    await page.context().addCookies([
      { name: ACCESS_COOKIE, value: org.coordinator.token, url: base },
    ]);
    await checkPrinted(page, `${base}/hospitals/${org.hospital.code}/briefing`);
    // The chart is drawn with JavaScript off too: it is the server's SVG.
    const svg = page.locator('[data-testid="census-svg"] svg');
    expect(await svg.isVisible()).toBe(true);
    const box = (await svg.boundingBox())!;
    expect(box.height).toBeGreaterThan(100);
    expect(await page.locator('[data-testid="beds-line"]').count()).toBe(1);
    await checkPrinted(page, `${base}/events/${org.event.code}/briefing`);
  },
);
