import { expect } from "expect";
import { browserTest } from "./support/browser.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";

browserTest(
  "browser: a signed-in overview goes live and offers a reload when new data arrives",
  async ({ page, base, services: s }) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "live-browser");
    const { accessToken } = await startSession(s, org.users.coordinator);
    await page.context().addCookies([{ name: ACCESS_COOKIE, value: accessToken, url: base }]);
    await page.goto(`${base}/`);
    const live = page.getByTestId("live-updates");
    await page.waitForSelector('[data-testid="live-updates"][data-state="live"]');
    expect(await live.textContent()).toBe("Live");
    // Uploaded through a second app over the same services: the event crosses the cache pub/sub.
    const upload = await app.request(
      "/api/observations",
      jsonInit("POST", {
        records: [{ hospitalId: org.hospital.code, ts: "2026-02-01T10:00:00Z", edArrivals: 3 }],
      }, bearer(accessToken)),
    );
    expect(upload.status).toBe(200);
    await upload.body?.cancel();
    await page.waitForSelector('[data-testid="live-reload"]');
    expect(await live.textContent()).toContain("new ED arrivals data since this page loaded");
  },
);
