import { expect } from "expect";
import { hasChromium, launchBrowser } from "./support/browser.ts";
import { testServices } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";

Deno.test({
  name: "browser: a signed-in overview goes live and offers a reload when new data arrives",
  ignore: !hasChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = await testServices();
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "live-browser");
    const { accessToken } = await startSession(s, org.users.coordinator);
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
    const base = `http://127.0.0.1:${server.addr.port}`;
    const browser = await launchBrowser();
    try {
      await browser.context.addCookies([{ name: ACCESS_COOKIE, value: accessToken, url: base }]);
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/`);
      const live = page.getByTestId("live-updates");
      await page.waitForSelector('[data-testid="live-updates"][data-state="live"]');
      expect(await live.textContent()).toBe("Live");
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
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});
