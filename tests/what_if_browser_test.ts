/**
 * The /what-if page: its inputs and model artifact in-process, and in Chromium the island that
 * recomputes forecasts with onnxruntime-web — same numbers as POST /api/forecast/what-if, the
 * documented direction for each slider, and no request to anyone once the model is loaded.
 */
import { expect } from "expect";
import type { Page } from "playwright-core";
import { hasChromium, launchBrowser } from "./support/browser.ts";
import { dbTest, testServices } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import type { Services } from "../lib/runtime.ts";
import { jwtKeys } from "../lib/auth/secrets.ts";
import { signAccessToken } from "../lib/auth/tokens.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { listHospitals } from "../models/hospitals.ts";
import { sha256Hex } from "../ml/registry.ts";

const ignore = !hasChromium();
if (ignore) console.warn("browser tests skipped: no Chromium at /usr/bin/chromium");

interface Point {
  ts: string;
  p10: number;
  p50: number;
  p90: number;
  /** Expected arrivals (the server's points; the island's table shows quantiles only). */
  mean?: number;
}

async function apiHeaders(s: Services) {
  const token = await signAccessToken(await jwtKeys(s.db, s.config), {
    sub: crypto.randomUUID(),
    email: "analyst@what-if.test",
    role: "analyst",
    orgId: (await findDemoOrgId(s.db))!,
    platformAdmin: false,
    sid: crypto.randomUUID(),
  });
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

/** The server's what-if forecast (CONTRACT.md) for a hospital and overrides. */
async function serverWhatIf(
  s: Services,
  base: string,
  hospitalId: string,
  overrides: Record<string, number> = {},
): Promise<{ issuedAt: string; points: Point[] }> {
  const res = await fetch(`${base}/api/forecast/what-if`, {
    method: "POST",
    headers: await apiHeaders(s),
    body: JSON.stringify({ hospitalId, overrides }),
  });
  expect(res.status).toBe(200);
  return await res.json();
}

const sumP50 = (points: Point[]) => points.reduce((t, p) => t + p.p50, 0);
/** The whole band: p50 is a whole number, so a small change may show only in p10 and p90. */
const sumBand = (points: Point[]) => points.reduce((t, p) => t + p.p10 + p.p50 + p.p90, 0);

/** The hourly table of the island: [baseline, what-if] points. */
function readTable(page: Page): Promise<[Point[], Point[]]> {
  return page.getByTestId("hourly").evaluate((table) => {
    const base: Point[] = [], scen: Point[] = [];
    for (const tr of table.querySelectorAll("tbody tr")) {
      const v = [...tr.querySelectorAll("td")].slice(1).map((td) => Number(td.textContent));
      const ts = tr.getAttribute("data-ts")!;
      base.push({ ts, p10: v[0], p50: v[1], p90: v[2] });
      scen.push({ ts, p10: v[3], p50: v[4], p90: v[5] });
    }
    return [base, scen] as [Point[], Point[]];
  });
}

function expectSamePoints(browser: Point[], server: Point[]) {
  expect(browser.length).toBe(72);
  expect(browser.map((p) => p.ts)).toEqual(server.map((p) => p.ts));
  browser.forEach((p, k) => {
    for (const q of ["p10", "p50", "p90"] as const) {
      // Both round the model's float32 output to 0.01: allow 1e-3 relative or one rounding step.
      const tol = Math.max(1e-3 * Math.abs(server[k][q]), 0.0101);
      expect(Math.abs(p[q] - server[k][q])).toBeLessThanOrEqual(tol);
    }
  });
  const rel = Math.abs(sumP50(browser) - sumP50(server)) / sumP50(server);
  expect(rel).toBeLessThanOrEqual(1e-3);
}

dbTest(
  "GET /what-if renders the island with its inputs; /models/current.onnx is public",
  async (s) => {
    const app = await buildTestApp(s);
    const res = await app.request("/what-if?hospital=desert-regional");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('data-island="WhatIf"');
    const props = JSON.parse(
      html.match(/data-island="WhatIf" data-props="([^"]*)"/)![1].replaceAll("&quot;", '"')
        .replaceAll("&amp;", "&"),
    );
    expect(props.hospitalId).toBe("desert-regional");
    expect(props.inputs.arrivals.length).toBe(28 * 24 + 72);
    expect(props.inputs.environment.temperatureC.length).toBe(28 * 24 + 72);
    expect(props.spec.names.length).toBeGreaterThan(20);
    expect(props.ortWasmUrl).toMatch(/^\/_islands\/ort-wasm-simd-threaded-\w+\.wasm$/);
    const model = await app.request(props.modelUrl);
    expect(model.status).toBe(200);
    expect(model.headers.get("content-type")).toBe("application/octet-stream");
    const bytes = new Uint8Array(await model.arrayBuffer());
    expect(await sha256Hex(bytes)).toBe(props.modelSha256);
    expect(model.headers.get("etag")).toBe(`"${props.modelSha256}"`);
    const missing = await app.request("/what-if?hospital=no-such-hospital");
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  },
);

Deno.test({
  name: "browser: /what-if recomputes the server's forecast in the browser, offline",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = await testServices();
    const app = await buildTestApp(s);
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
    const base = `http://127.0.0.1:${server.addr.port}`;
    // An event hospital: one whose server forecast rises with 3× attendance (events add load
    // only near events; the demo's night market is always within the next 72 h).
    const hospitals = await listHospitals(s.db, (await findDemoOrgId(s.db))!);
    let code = "";
    for (const h of hospitals) {
      const [plain, crowded] = [
        await serverWhatIf(s, base, h.code),
        await serverWhatIf(s, base, h.code, { attendanceFactor: 3 }),
      ];
      if (sumBand(crowded.points) > sumBand(plain.points) + 1) {
        code = h.code;
        break;
      }
    }
    expect(code).not.toBe("");
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      const hosts = new Set<string>();
      let requests = 0;
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("request", (r) => {
        hosts.add(new URL(r.url()).host);
        requests++;
      });
      await page.goto(`${base}/what-if?hospital=${code}`);
      await page.waitForFunction(
        () => {
          const t = document.querySelector('[data-testid="what-if-status"]')?.textContent ?? "";
          return t.startsWith("Model") || t.includes("failed");
        },
        undefined,
        { timeout: 60_000 },
      );
      expect(await page.getByTestId("what-if-status").textContent()).toMatch(/^Model .+ loaded/);
      const total = async (id: string) => Number(await page.getByTestId(id).textContent());
      const baseline = await total("baseline-total");
      expect(baseline).toBeGreaterThan(0);
      expect(await total("scenario-total")).toBe(baseline);

      // Same features, same model: the browser's baseline is the server's what-if with none.
      let [browserBase] = await readTable(page);
      let serverBase = await serverWhatIf(s, base, code);
      if (serverBase.issuedAt !== browserBase[0].ts) {
        // The hour turned between page and API call: both move to the new origin.
        await page.reload();
        await page.waitForFunction(() =>
          document.querySelector('[data-testid="what-if-status"]')?.textContent?.startsWith("Model")
        );
        [browserBase] = await readTable(page);
        serverBase = await serverWhatIf(s, base, code);
      }
      expectSamePoints(browserBase, serverBase.points);
      // The totals are expected arrivals: the sum of the hours' means (the graph's `mean` output).
      const sumMean = serverBase.points.reduce((t, p) => t + (p.mean ?? NaN), 0);
      expect(Math.abs(baseline - sumMean)).toBeLessThan(0.06);

      // From here on the page must not ask anyone for anything.
      const loadedRequests = requests;
      const setSlider = async (id: string, value: number) => {
        const before = await page.getByTestId("hourly").textContent();
        await page.getByTestId(id).fill(String(value));
        await page.waitForFunction(
          (b) => document.querySelector('[data-testid="hourly"]')?.textContent !== b,
          before,
        );
      };

      // 3× attendance near an event: strictly more arrivals (DOMAIN.md PPR model, ml/mlp.ts).
      await setSlider("attendance", 3);
      expect(await total("scenario-total")).toBeGreaterThanOrEqual(baseline);
      expect(await total("baseline-total")).toBe(baseline);
      const [browserPlain, browserCrowded] = await readTable(page);
      expect(sumBand(browserCrowded)).toBeGreaterThan(sumBand(browserPlain));
      expectSamePoints(
        browserCrowded,
        (await serverWhatIf(s, base, code, { attendanceFactor: 3 })).points,
      );
      await setSlider("attendance", 1);
      expect(await total("scenario-total")).toBe(baseline);

      // +10 °C and +150 µg/m³ PM2.5: effects are learned from the history and may go either way
      // (ml/priors.ts), so the check is that the browser computes what the server computes.
      for (
        const [id, value, overrides] of [
          ["temperature", 10, { temperatureDeltaC: 10 }],
          ["pm25", 150, { temperatureDeltaC: 10, pm25Delta: 150 }],
        ] as const
      ) {
        await page.getByTestId(id).fill(String(value));
        await page.waitForTimeout(500);
        const [, browserScenario] = await readTable(page);
        expectSamePoints(browserScenario, (await serverWhatIf(s, base, code, overrides)).points);
      }

      expect(requests).toBe(loadedRequests);
      expect(hosts).toEqual(new Set([`127.0.0.1:${server.addr.port}`]));
      const drawn = await page.getByTestId("what-if-chart").evaluate((c) => {
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
  name: "browser: /what-if for a future event — a slider changes census, hours over capacity " +
    "and plan items with no request, matching the server's what-if",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = await testServices();
    const app = await buildTestApp(s);
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
    const base = `http://127.0.0.1:${server.addr.port}`;
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      let requests = 0;
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("request", () => requests++);
      // The Indio hospital, and the first Coachella day in the list (months ahead).
      await page.goto(`${base}/what-if?hospital=jfk-memorial`);
      const option = await page.locator('[data-testid="pick-event"] option').evaluateAll(
        (os) =>
          os.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith("coachella")),
      );
      expect(option).toBeDefined();
      await page.getByTestId("pick-event").selectOption(option!);
      await page.getByTestId("pick-show").click();
      await page.waitForURL(/event=coachella/);
      await page.waitForFunction(
        () => {
          const t = document.querySelector('[data-testid="what-if-status"]')?.textContent ?? "";
          return t.startsWith("Model") || t.includes("failed");
        },
        undefined,
        { timeout: 60_000 },
      );
      expect(await page.getByTestId("what-if-status").textContent()).toMatch(/^Model .+ loaded/);
      const note = await page.getByTestId("window-note").textContent();
      expect(note).toMatch(/weeks? ahead/);
      expect(note).toContain("climatology");

      const read = async () => ({
        census: await page.getByTestId("scenario-census").textContent(),
        hoursOver: Number(await page.getByTestId("scenario-hours-over").textContent()),
        counts: await page.getByTestId("plan-counts").textContent(),
        items: await page.getByTestId("scenario-item").evaluateAll((li) =>
          li.map((x) => `${x.getAttribute("data-agent")}:${x.querySelector("strong")?.textContent}`)
        ),
      });
      const before = await read();
      expect(before.census).toMatch(/^\d+ \(median \d+\) at /);
      // The server's what-if for the same window and no changes gives the same census peak.
      const origin = await page.evaluate(() =>
        JSON.parse(document.querySelector('[data-island="WhatIf"]')!.getAttribute("data-props")!)
          .issuedAt as string
      );
      const res = await fetch(`${base}/api/forecast/what-if`, {
        method: "POST",
        headers: await apiHeaders(s),
        body: JSON.stringify({ hospitalId: "jfk-memorial", start: origin, overrides: {} }),
      });
      expect(res.status).toBe(200);
      const api = await res.json();
      expect(api.issuedAt).toBe(origin);
      expect(api.window.future).toBe(true);
      const apiPeak = Math.max(...api.census.map((c: { p90: number }) => c.p90));
      expect(Number(before.census!.split(" ")[0])).toBe(apiPeak);
      expect(before.hoursOver).toBe(api.readiness.hoursOver);

      const loaded = requests;
      await page.getByTestId("attendance").fill("3");
      await page.waitForFunction(
        (b) => document.querySelector('[data-testid="scenario-census"]')?.textContent !== b,
        before.census,
        { timeout: 30_000 },
      );
      await page.waitForTimeout(300);
      const after = await read();
      expect(Number(after.census!.split(" ")[0])).toBeGreaterThan(
        Number(before.census!.split(" ")[0]),
      );
      expect(after.hoursOver).toBeGreaterThan(before.hoursOver);
      expect(after.items).not.toEqual(before.items);
      expect(after.counts).not.toBe(before.counts);
      expect(requests).toBe(loaded);
      console.log(
        `what-if: Coachella window at JFK Memorial, 3× attendance: census ${before.census} → ` +
          `${after.census}; hours over ${before.hoursOver} → ${after.hoursOver}; ${after.counts}`,
      );
      if (errors.length) throw new Error(`the page reported errors: ${errors.join("; ")}`);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});
