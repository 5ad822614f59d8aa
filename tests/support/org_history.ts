/**
 * A small simulated history of hourly ED arrivals for a test organisation's hospital: Poisson
 * counts around a daily profile whose evening peak is stronger at weekends (a shape the plain
 * calendar GLM baseline cannot fit, the forecaster's hour-of-week terms can), times a day-level
 * factor that drifts from day to day (real ED counts are overdispersed: busy and quiet days come
 * in runs), seeded, ending at a given hour. Uploaded through POST /api/observations as CSV, as a
 * user would.
 */
import { expect } from "expect";
import type { Services } from "../../lib/runtime.ts";
import type { buildTestApp } from "./app.ts";
import { bearer, jsonInit, makeOrg } from "./accounts.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

const HOUR_MS = 3_600_000;

/** Mean arrivals per hour at a local hour and weekday (0 = Sunday), for `beds` ED beds. */
export function meanArrivals(beds: number, hour: number, weekday: number): number {
  const weekend = weekday === 0 || weekday === 6;
  const night = 0.45 + 0.55 * Math.exp(-((hour - 11) ** 2) / 30);
  const evening = 1.2 * Math.exp(-((hour - 20) ** 2) / 6) * (weekend ? 2 : 0.5);
  return (beds / 8) * (night + evening);
}

/** Hourly counts for `days` days ending at `end` (exclusive), local time at a fixed UTC offset. */
export function simulateOrgHistory(opts: {
  beds: number;
  days: number;
  end: Date;
  utcOffsetHours: number;
  seed: number;
}): { ts: Date; edArrivals: number }[] {
  let s = opts.seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const poisson = (mu: number) => {
    let k = 0, p = rand();
    const limit = Math.exp(-mu);
    while (p > limit) (k++, p *= rand());
    return k;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const end = Math.floor(opts.end.getTime() / HOUR_MS) * HOUR_MS;
  const out: { ts: Date; edArrivals: number }[] = [];
  // AR(1) on the log scale: day-to-day correlation 0.7, spread about ±12 %.
  let dayLog = 0, day = -1;
  for (let t = end - opts.days * 24 * HOUR_MS; t < end; t += HOUR_MS) {
    const local = new Date(t + opts.utcOffsetHours * HOUR_MS);
    const d = Math.floor(local.getTime() / 86_400_000);
    if (d !== day) (day = d, dayLog = 0.7 * dayLog + 0.085 * normal());
    const mu = meanArrivals(opts.beds, local.getUTCHours(), local.getUTCDay()) * Math.exp(dayLog);
    out.push({ ts: new Date(t), edArrivals: poisson(mu) });
  }
  return out;
}

/** The history as an observations CSV for one hospital (the API's header). */
export function historyCsv(hospitalId: string, rows: { ts: Date; edArrivals: number }[]): string {
  return "hospitalId,ts,edArrivals\n" +
    rows.map((r) => `${hospitalId},${r.ts.toISOString()},${r.edArrivals}`).join("\n") + "\n";
}

/**
 * Monday 00:00 UTC of the week of `now`: a history ending there has the same weekdays and hours
 * in its test weeks whatever day the suite runs (with a hospital in a zone without library
 * holidays and under half a year of history, the model's inputs are then the same every run).
 */
export function weekStart(now = new Date()): Date {
  const day = Math.floor(now.getTime() / 86_400_000);
  const monday = day - ((new Date(day * 86_400_000).getUTCDay() + 6) % 7);
  return new Date(monday * 86_400_000);
}

/** Uploads hourly rows for one hospital through POST /api/observations (CSV). */
export async function uploadHistory(
  app: { request(path: string, init?: RequestInit): Response | Promise<Response> },
  token: string,
  hospitalId: string,
  rows: { ts: Date; edArrivals: number }[],
): Promise<number> {
  const res = await app.request("/api/observations", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
    body: historyCsv(hospitalId, rows),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accepted;
}

/** A training run as GET /api/training-runs/:id answers. */
export interface Run {
  id: string;
  status: string;
  stage: string;
  progress: number;
  version: string | null;
  error: string | null;
  backtest: {
    mase: number;
    pinball: number;
    coverage80: number;
    dailyMape: number;
    baselines: Record<string, { mase: number; pinball: number }>;
    activatable: boolean;
  } | null;
}

/** Follows a run until it ends; returns it and the progress figures seen on the way. */
export async function waitForRun(app: App, token: string, id: string, seen: number[] = []) {
  for (let i = 0; i < 1200; i++) {
    const res = await app.request(`/api/training-runs/${id}`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const run: Run = await res.json();
    seen.push(run.progress);
    if (run.status !== "queued" && run.status !== "running") return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`training run ${id} did not finish`);
}

/**
 * A hospital in Tokyo (a zone without library holidays) with eight weeks of simulated hourly
 * arrivals ending on this week's Monday: the same model inputs whatever day the suite runs.
 */
export async function orgWithHistory(s: Services, app: App, label: string, days = 56) {
  const org = await makeOrg(s, label);
  const code = `tokyo-${label}`;
  const created = await app.request(
    "/api/hospitals",
    jsonInit("POST", {
      id: code,
      name: `Tokyo ${label}`,
      lat: 35.7,
      lon: 139.7,
      edBeds: 30,
      timezone: "Asia/Tokyo",
    }, bearer(org.users.admin.token)),
  );
  expect(created.status).toBe(201);
  await created.body?.cancel();
  const rows = simulateOrgHistory({ beds: 30, days, end: weekStart(), utcOffsetHours: 9, seed: 7 });
  expect(await uploadHistory(app, org.users.admin.token, code, rows)).toBe(days * 24);
  return { org, code };
}
