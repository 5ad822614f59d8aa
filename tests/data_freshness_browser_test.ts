/**
 * Data freshness in Chromium (issue 16): with a hospital whose data stopped 30 h ago, the
 * overview, the wall, the hospital page and its briefing say "unknown — data stopped …" as a
 * person sees them (after the islands ran), and no page shows NaN or a negative figure.
 */
import { expect } from "expect";
import { browserTest } from "./support/browser.ts";
import { buildTestApp } from "./support/app.ts";
import { stoppedOrg } from "./support/stopped_org.ts";
import { badFigures } from "./support/page_scan.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";

browserTest(
  "browser: a hospital whose data stopped 30 h ago is unknown with its data age; no page shows NaN or a negative figure",
  async ({ page, base, services: s }) => {
    const app = await buildTestApp(s);
    const { org, stopped, fresh } = await stoppedOrg(s, app, "stopped-browser");
    const { accessToken } = await startSession(s, org.users.admin);
    await page.context().addCookies([{ name: ACCESS_COOKIE, value: accessToken, url: base }]);
    // Badges are upper-cased by the style sheet: case-insensitive.
    const words = /unknown[\s\S]{0,80}data stopped \w{3} \d{2}:00 P[DS]T \((29|30) h ago\)/i;
    const paths = [
      "/",
      "/wall",
      `/hospitals/${stopped}`,
      `/hospitals/${stopped}/briefing`,
      `/hospitals/${fresh}`,
      "/plans",
      "/alerts",
      "/events",
    ];
    for (const path of paths) {
      const res = await page.goto(`${base}${path}`);
      expect([path, res?.status()]).toEqual([path, 200]);
      await page.waitForLoadState("networkidle");
      const text = await page.locator("body").innerText();
      // innerText is what a person reads: the scan runs on it as text.
      expect([path, badFigures(`<p>${text}</p>`)]).toEqual([path, []]);
      if (path === "/" || path === "/wall") {
        const row = page.locator(`tr[data-readiness="unknown"]`);
        await expect(await row.count()).toBeGreaterThanOrEqual(1);
        expect(await row.first().innerText()).toMatch(words);
        const line = page.locator(`tr[data-timeline-hospital="${org.hospital.name}"]`);
        expect(await line.innerText()).toMatch(words);
      }
      if (path.startsWith(`/hospitals/${stopped}`)) {
        expect(await page.getByTestId("readiness-unknown").innerText()).toMatch(words);
      }
    }
  },
);
