/**
 * Issue-10 load figures: a realistic dashboard + API mix at 100 connections against a bare Hono
 * route in the same run, and the delivery of one live update to 10,000 open SSE streams.
 */
import { Hono } from "hono";
import type { Services } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { hashPassword } from "../lib/auth/passwords.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { insertUser } from "../models/users.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { measure, report } from "./http.ts";

const CONNECTIONS = 100;
const SSE_CLIENTS = Number(Deno.env.get("BENCH_SSE_CLIENTS") ?? 10_000);

async function demoAnalyst(services: Services) {
  const orgId = (await findDemoOrgId(services.db))!;
  const user = await insertUser(services.db, {
    orgId,
    email: `bench-${crypto.randomUUID().slice(0, 8)}@bench.local`,
    passwordHash: await hashPassword(crypto.randomUUID()),
    role: "analyst",
  });
  const [{ code }] = await services.db.query<{ code: string }>(
    "SELECT code FROM hospitals WHERE org_id = $1 ORDER BY code LIMIT 1",
    [orgId],
  );
  return { orgId, user, hospital: code, token: (await startSession(services, user)).accessToken };
}

async function runMix(spec: unknown, concurrency: number, requests: number) {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(file, JSON.stringify(spec));
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./mix_load.ts", import.meta.url).pathname,
        file,
        String(concurrency),
        String(requests),
      ],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error("mix load generator failed");
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(file);
  }
}

/** 100 connections of overview and hospital pages, hospital list, forecast, alerts, feeds. */
export async function benchMixedLoad(services: Services) {
  const { token, hospital } = await demoAnalyst(services);
  const app = createApp(services, await loadIslandAssets());
  const bare = new Hono();
  bare.get("/", (c) => c.text("ok"));
  const a = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const b = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, bare.fetch);
  try {
    const base = `http://127.0.0.1:${a.addr.port}`;
    const auth = { authorization: `Bearer ${token}` };
    const spec = [
      { url: `${base}/`, weight: 20 },
      { url: `${base}/hospitals/${hospital}`, weight: 10 },
      { url: `${base}/api/hospitals`, weight: 25, headers: auth },
      { url: `${base}/api/hospitals/${hospital}/forecast`, weight: 15, headers: auth },
      { url: `${base}/api/alerts`, weight: 15, headers: auth },
      { url: `${base}/api/feeds`, weight: 10, headers: auth },
      { url: `${base}/healthz`, weight: 5 },
    ];
    await runMix(spec, 16, 600); // warm-up: JIT, query plans, forecasts computed once
    const mix = await runMix(spec, CONNECTIONS, 8000);
    const plain = await measure(`http://127.0.0.1:${b.addr.port}/`, CONNECTIONS, 30000);
    if (mix.failures) throw new Error(`mixed load: ${JSON.stringify(mix.statuses)}`);
    report(
      "mixed dashboard + API load, 100 connections",
      mix.rps,
      "bare Hono route",
      plain.rps,
      "req/s",
    );
    console.log(
      `  mixed p50 ${mix.p50ms.toFixed(1)} ms, p99 ${mix.p99ms.toFixed(1)} ms | bare Hono p50 ${
        plain.p50ms.toFixed(1)
      } ms, p99 ${plain.p99ms.toFixed(1)} ms | p99 ratio ${(mix.p99ms / plain.p99ms).toFixed(1)}`,
    );
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
}

/** One observation upload, delivered to 10,000 open live streams of its organisation. */
export async function benchLiveFanout(services: Services) {
  const { orgId, token, hospital } = await demoAnalyst(services);
  const [{ id: createdBy }] = await services.db.query<{ id: string }>(
    "SELECT id FROM users LIMIT 1",
  );
  const { key } = await createApiKey(services.db, {
    orgId,
    name: "bench",
    scopes: ["ingest"],
    createdBy,
  });
  const app = createApp(services, await loadIslandAssets());
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const upload = (ts: number) =>
    fetch(`${base}/api/observations`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        records: [{ hospitalId: hospital, ts: new Date(ts).toISOString(), edArrivals: 3 }],
      }),
    });
  // Warm-up, as the other parts have: the figure is the delivery, not the first call's compiling.
  const warm = await upload(hour - 3_600_000);
  await warm.body?.cancel();
  if (warm.status !== 200) throw new Error(`warm-up upload: ${warm.status}`);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./sse_clients.ts", import.meta.url).pathname,
      `${base}/api/live`,
      token,
      String(SSE_CLIENTS),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const nextLine = async () => {
      while (!buffer.includes("\n")) {
        const { value, done } = await lines.read();
        if (done) throw new Error("SSE clients ended early");
        buffer += value;
      }
      const i = buffer.indexOf("\n");
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      return line;
    };
    if (await nextLine() !== "ready") throw new Error("SSE clients not ready");
    const sentAt = performance.timeOrigin + performance.now();
    const res = await upload(hour);
    const uploadMs = performance.timeOrigin + performance.now() - sentAt;
    await res.body?.cancel();
    const { arrivals } = JSON.parse(await nextLine()) as { arrivals: number[] };
    const latencies = arrivals.map((t) => t - sentAt).sort((x, y) => x - y);
    const p = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))];
    console.log(
      `live fan-out to ${SSE_CLIENTS} SSE clients: delivered ${latencies.length}, p50 ${
        p(0.5).toFixed(0)
      } ms, p99 ${p(0.99).toFixed(0)} ms from the start of the POST (the upload itself ${
        uploadMs.toFixed(0)
      } ms) | goal p99 < 200 ms`,
    );
  } finally {
    try {
      child.kill();
    } catch { /* already gone */ }
    await child.status;
    await server.shutdown();
  }
}

/** An organisation with one hospital and an ingest key, for upload figures. */
async function uploader(services: Services, label: string) {
  const { db } = services;
  const [{ id: orgId }] = await db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [`bench-${label}-${crypto.randomUUID()}`],
  );
  await db.query(
    `INSERT INTO hospitals (org_id, code, name, lat, lon, ed_beds, icu_beds, staff_baseline,
       timezone) VALUES ($1, 'h', 'Bench', 33.8, -116.5, 40, 0, 0, 'UTC')`,
    [orgId],
  );
  const [{ id: createdBy }] = await db.query<{ id: string }>("SELECT id FROM users LIMIT 1");
  const { key } = await createApiKey(db, { orgId, name: "bench", scopes: ["ingest"], createdBy });
  return key;
}

/**
 * Uploads of two organisations at once against one alone: 1.0 means neither waited for the
 * other (they share only the CPU and the pool); 0.5 means they ran one after the other.
 */
export async function benchConcurrentUploads(services: Services) {
  const rows = 20_000;
  const keys = [await uploader(services, "a"), await uploader(services, "b")];
  const app = createApp(services, await loadIslandAssets());
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const hour = 3_600_000;
  const csv = (offset: number) => {
    const start = Math.floor(Date.now() / hour) * hour - (offset + rows) * hour;
    let out = "hospitalId,ts,edArrivals\n";
    for (let i = 0; i < rows; i++) {
      out += `h,${new Date(start + i * hour).toISOString()},${i % 9}\n`;
    }
    return out;
  };
  const upload = async (key: string, body: string) => {
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/observations`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
      body,
    });
    const out = await res.json();
    if (res.status !== 200 || out.accepted !== rows) throw new Error(`upload: ${res.status}`);
  };
  try {
    await upload(keys[0], csv(3 * rows)); // warm-up
    let t0 = performance.now();
    await upload(keys[0], csv(2 * rows));
    const alone = performance.now() - t0;
    t0 = performance.now();
    await Promise.all([upload(keys[0], csv(rows)), upload(keys[1], csv(rows))]);
    const both = performance.now() - t0;
    // Two uploads' worth of rows in `both` against one upload's in `alone`.
    report(
      "two organisations uploading at once (rows/s)",
      (2 * rows) / (both / 1000),
      "one upload alone",
      rows / (alone / 1000),
      "rows/s",
    );
  } finally {
    await server.shutdown();
  }
}
