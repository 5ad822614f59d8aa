/**
 * Every page in Chromium, anonymous and signed in as the platform admin (the fullest header):
 * no horizontal overflow at 390 px (a phone), the header on one line at 1,366 px (a laptop),
 * and axe-core finds no serious or critical accessibility violation (WCAG 2.1 AA and axe's
 * best practices). A feed error with a long URL is planted first: it used to widen every page.
 */
import { expect } from "expect";
import type { Page } from "playwright-core";
import { browserTest } from "./support/browser.ts";
import { addUser, makeOrg } from "./support/accounts.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";
import { demoWithPlans } from "./support/demo_plans.ts";
import { decideRecommendation } from "../services/recommendations.ts";
import { systemActor } from "../services/actor.ts";
import { listHospitals } from "../models/hospitals.ts";
import { listEvents } from "../models/events.ts";
import { invalidateOrg } from "../infra/org_cache.ts";
import type { Services } from "../lib/runtime.ts";

const AXE = new URL("../node_modules/axe-core/axe.min.js", import.meta.url).pathname;
const LONG_ERROR = "GET https://air-quality-api.open-meteo.com/v1/air-quality?latitude=33.8&" +
  "longitude=-116.5&hourly=pm10,pm2_5,ozone,us_aqi&past_days=2&forecast_days=4&timezone=UTC" +
  "&cell_selection=nearest&domains=cams_global answered 503 Service Unavailable";

/** Plants a feed failure with a long URL; returns a function that puts the old row back. */
async function plantLongFeedError(s: Services) {
  const old = await s.db.query("SELECT * FROM feed_status WHERE name = 'open_meteo_air'");
  await s.db.query(
    `INSERT INTO feed_status (name, status, last_error, last_error_at, consecutive_failures,
       updated_at) VALUES ('open_meteo_air', 'degraded', $1, now(), 1, now())
     ON CONFLICT (name) DO UPDATE SET last_error = $1, last_error_at = now()`,
    [LONG_ERROR],
  );
  invalidateOrg("platform");
  return async () => {
    await s.db.query("DELETE FROM feed_status WHERE name = 'open_meteo_air'");
    for (const row of old as Record<string, unknown>[]) {
      const keys = Object.keys(row);
      await s.db.query(
        `INSERT INTO feed_status (${keys.join(", ")}) VALUES (${
          keys.map((_, i) => `$${i + 1}`).join(", ")
        })`,
        keys.map((k) => row[k]),
      );
    }
    invalidateOrg("platform");
  };
}

/** Every page, with a decided recommendation on /plans (decided ones once failed contrast). */
async function pagesOf(s: Services) {
  const { demoId: demo } = await demoWithPlans(s);
  const [open] = await s.db.query<{ id: string }>(
    `SELECT r.id FROM recommendations r JOIN plans p ON p.id = r.plan_id
     WHERE p.org_id = $1 AND r.status = 'open' AND r.title LIKE 'Browser test heat%' LIMIT 1`,
    [demo],
  );
  if (open) {
    await decideRecommendation(s, { ...systemActor(demo), orgId: demo }, open.id, {
      status: "dismissed",
    });
  }
  invalidateOrg(demo);
  const [h] = await listHospitals(s.db, demo);
  const [e] = await listEvents(s.db, demo);
  const anonymous = [
    "/",
    "/wall",
    "/hospitals",
    `/hospitals/${h.code}`,
    `/hospitals/${h.code}/briefing`,
    "/events",
    `/events/${e.code}`,
    `/events/${e.code}/briefing`,
    "/plans",
    "/what-if",
    "/login",
    "/docs",
    "/how-computed",
    "/no-such-page",
  ];
  const signedIn = [
    ...anonymous.filter((p) => p !== "/login"),
    "/hospitals/new",
    `/hospitals/${h.code}/edit`,
    "/events/new",
    `/events/${e.code}/edit`,
    "/upload",
    "/admin",
    "/admin/audit",
    "/admin/orgs",
    "/admin/models",
    "/admin/calendar",
    "/alerts",
  ];
  return { anonymous, signedIn };
}

/** Elements that stick out to the right of the viewport (what makes a phone zoom out). */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) =>
        `${el.tagName.toLowerCase()}.${el.className} (${
          Math.round(el.getBoundingClientRect().right)
        } px)`
      );
  });
}

/** Where the header's brand, links and session controls sit (one line: spread ≤ 8 px). */
function headerOnOneLine(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector(".topbar");
    // The wall-screen view has no header at all.
    if (!bar) return { spread: 0, wrapped: [] as (string | null)[], height: 0 };
    const items = [...bar.querySelectorAll(".brand, nav a, .session-user, button, select")]
      .filter((el) => (el as HTMLElement).offsetParent !== null);
    const tops = items.map((el) =>
      el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2
    );
    const wrapped = items.filter((el) => el.getClientRects().length > 1).map((el) =>
      el.textContent
    );
    return {
      spread: Math.max(...tops) - Math.min(...tops),
      wrapped,
      height: bar.getBoundingClientRect().height,
    };
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  if (!await page.evaluate(() => "axe" in globalThis)) await page.addScriptTag({ path: AXE });
  return await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; impact: string; nodes: { target: string[] }[] }) =>
        `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`
      );
  });
}

async function checkPages(page: Page, base: string, paths: string[], who: string) {
  const problems: string[] = [];
  for (const path of paths) {
    await page.setViewportSize({ width: 390, height: 844 });
    const res = await page.goto(`${base}${path}`, { waitUntil: "load" });
    expect({ path, ok: res!.status() < 500 }).toEqual({ path, ok: true });
    const wide = await overflow(page);
    if (wide.length) problems.push(`${who} ${path} at 390 px: ${wide.join("; ")}`);
    for (const v of await axeViolations(page)) problems.push(`${who} ${path} axe at 390 px: ${v}`);
    await page.setViewportSize({ width: 1366, height: 900 });
    const header = await headerOnOneLine(page);
    if (header.spread > 8 || header.wrapped.length) {
      problems.push(`${who} ${path} header at 1,366 px: ${JSON.stringify(header)}`);
    }
    // Issue 22: axe at a laptop's and a wall screen's width too (the hidden menu toggle was
    // unlabelled there only).
    for (const v of await axeViolations(page)) problems.push(`${who} ${path} axe at 1366 px: ${v}`);
    await page.setViewportSize({ width: 1920, height: 1080 });
    for (const v of await axeViolations(page)) problems.push(`${who} ${path} axe at 1920 px: ${v}`);
  }
  return problems;
}

browserTest(
  "browser: no page overflows at 390 px, headers stay on one line at 1,366 px, axe finds nothing serious",
  async ({ page, base, services: s, errors }) => {
    const restore = await plantLongFeedError(s);
    try {
      const { anonymous, signedIn } = await pagesOf(s);
      const problems = await checkPages(page, base, anonymous, "anonymous");
      const home = await makeOrg(s, "pages-browser");
      const root = await addUser(s, home.id, "admin", {
        platformAdmin: true,
        email: `platform.administrator.${crypto.randomUUID().slice(0, 6)}@festsafe-region.example`,
      });
      const { accessToken } = await startSession(s, root);
      await page.context().addCookies([{ name: ACCESS_COOKIE, value: accessToken, url: base }]);
      problems.push(...await checkPages(page, base, signedIn, "platform admin"));
      expect(problems).toEqual([]);
      // The planted error wraps inside its cell instead of widening the page.
      await page.goto(`${base}/`);
      // Issue 22: the error reads in words, its URL cut to the host (no query string).
      const cell = page.locator(".feed-error", { hasText: "air-quality-api.open-meteo.com" });
      expect(await cell.count()).toBe(1);
      expect(await cell.textContent()).toContain("service had a fault");
      expect(await cell.textContent()).not.toContain("cams_global");
    } finally {
      await restore();
    }
    // The 404 page is one of the pages looked at: its console error is expected.
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes("404")));
  },
  { bypassCSP: true },
);

browserTest(
  "browser: the menu by keyboard — on a phone Tab reaches a labelled Menu toggle, Space opens " +
    "it, Tab goes on into its links; on a laptop Tab goes straight from the brand to the links",
  async ({ page, base, services: s }) => {
    const org = await makeOrg(s, "menu-keys");
    const { accessToken } = await startSession(s, org.users.admin);
    await page.context().addCookies([{ name: ACCESS_COOKIE, value: accessToken, url: base }]);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : "";
        return `${el.tagName.toLowerCase()}:${label || el.textContent?.trim()}`;
      });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/plans`);
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // brand
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("input:Menu");
    expect(await page.getByRole("link", { name: "Hospitals" }).isVisible()).toBe(false);
    await page.keyboard.press("Space");
    expect(await page.getByRole("link", { name: "Hospitals" }).isVisible()).toBe(true);
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("a:Overview");
    // The toggle is named for assistive technology by its visible label.
    expect(await page.getByRole("checkbox", { name: "Menu" }).count()).toBe(1);

    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/plans`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("a:Overview");
    expect(await page.getByTestId("menu-toggle").isVisible()).toBe(false);
  },
);
