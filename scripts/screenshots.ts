/**
 * Regenerates the README screenshots: serves the app on a throwaway PGlite with the demo region
 * and photographs the main pages in Debian's Chromium. `deno run -A scripts/screenshots.ts`
 */
import { loadConfig } from "../infra/config.ts";
import { setLogLevel } from "../infra/log.ts";
import { openServices } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { getHospital, listHospitals } from "../models/hospitals.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { launchBrowser } from "../tests/support/browser.ts";
import { prepareDemo } from "../demo/plugin.ts";

setLogLevel("warn");
const services = await openServices({
  ...loadConfig(),
  PGLITE_DIR: "memory://",
  DATABASE_URL: undefined,
}, { prepare: (db) => prepareDemo(db) });
const app = createApp(services, await loadIslandAssets());
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
const base = `http://127.0.0.1:${server.addr.port}`;
const demoOrg = await findDemoOrgId(services.db);
if (!demoOrg) throw new Error("the demo region was not seeded");
const h = await getHospital(services.db, demoOrg, "jfk-memorial") ??
  (await listHospitals(services.db, demoOrg))[0];
const pages: [string, string][] = [
  ["overview", "/"],
  ["hospital", `/hospitals/${h.id}`],
  ...(Deno.args.map((a) => a.split("=") as [string, string])),
];
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const [name, path] of pages) {
    await page.goto(base + path);
    await page.waitForTimeout(2500); // charts and map finish drawing
    const file = new URL(`../docs/screenshots/${name}.png`, import.meta.url).pathname;
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
  await server.shutdown();
  await services.db.close();
  await services.cache.close();
}
