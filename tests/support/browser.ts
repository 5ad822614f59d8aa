import { chromium } from "playwright-core";
import type { Services } from "../../lib/runtime.ts";
import { testServices } from "./services.ts";
import { buildTestApp } from "./app.ts";

/** Debian's Chromium; browser tests are skipped (and say so) where it is not installed. */
export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

export interface LaunchOptions {
  /** Lets a test inject scripts (axe-core) that the app's CSP would refuse. */
  bypassCSP?: boolean;
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
}

/** Launches headless Chromium with the flags this machine needs (STACK_NOTES.md). */
export async function launchBrowser(opts: LaunchOptions = {}) {
  const dir = await Deno.makeTempDir({ prefix: "festsafe-chromium-" });
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    bypassCSP: opts.bypassCSP,
    viewport: opts.viewport,
    acceptDownloads: opts.acceptDownloads ?? true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

export interface BrowserTestContext {
  page: import("playwright-core").Page;
  /** The app's URL, e.g. http://127.0.0.1:PORT */
  base: string;
  services: Services;
  /** Page errors and console errors seen so far. */
  errors: string[];
}

/**
 * A Chromium test against the app served on a free port over the shared test services; skipped
 * where Chromium is missing. Fails when the page reported any error.
 */
export function browserTest(
  name: string,
  fn: (t: BrowserTestContext) => Promise<void>,
  opts: LaunchOptions = {},
) {
  Deno.test({
    name,
    ignore: !hasChromium(),
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const services = await testServices();
      const app = await buildTestApp(services);
      const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
      const browser = await launchBrowser(opts);
      try {
        const page = await browser.context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        await fn({ page, base: `http://127.0.0.1:${server.addr.port}`, services, errors });
        if (errors.length) throw new Error(`the page reported errors: ${errors.join("; ")}`);
      } finally {
        await browser.close();
        await server.shutdown();
      }
    },
  });
}

/** Signs in through the login form, as a person would. */
export async function signInPage(
  page: import("playwright-core").Page,
  base: string,
  email: string,
  password: string,
) {
  await page.goto(`${base}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL(`${base}/`),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}
