/**
 * Two FestSafe instances on one PostgreSQL database and one Redis (each with its own pool and
 * Redis connections): a live-update client on A hears an upload made on B, and a scheduled job
 * fires on both but runs once. Needs DATABASE_URL and REDIS_URL; skipped on the embedded defaults.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { openDb } from "../infra/db.ts";
import { openCache } from "../infra/cache.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import type { Services } from "../lib/runtime.ts";
import { drainJobs, runScheduled, slotOf } from "../workers/scheduler.ts";
import type { JobDef } from "../workers/runner.ts";

const shared = Boolean(Deno.env.get("DATABASE_URL") && Deno.env.get("REDIS_URL"));

async function instance(
  s: Services,
  prefix: string,
): Promise<Services & { close(): Promise<void> }> {
  const db = await openDb({ databaseUrl: s.config.DATABASE_URL });
  const cache = await openCache({ redisUrl: s.config.REDIS_URL, prefix });
  return { ...s, db, cache, close: async () => (await cache.close(), await db.close()) };
}

/** Resolves with the first `event: <type>` frame of an SSE response. */
async function firstEvent(res: Response, type: string, ms = 15_000): Promise<string | null> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const timer = new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()));
      const chunk = await Promise.race([reader.read(), timer]);
      if (!chunk || chunk.done) return null;
      buffer += chunk.value;
      const frame = buffer.split("\n\n").find((f) => f.includes(`event: ${type}\n`));
      if (frame) return frame;
    }
    return null;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

if (shared) {
  dbTest("two instances: SSE on A receives an upload posted to B; a job runs once", async (s) => {
    const prefix = `festsafe_t2:${crypto.randomUUID()}:`;
    const [a, b] = [await instance(s, prefix), await instance(s, prefix)];
    try {
      const assets = await loadIslandAssets();
      const appA = createApp(a, assets);
      const appB = createApp(b, assets);
      const org = await makeOrg(s, "two");
      const live = await appA.request("/api/live", { headers: bearer(org.users.analyst.token) });
      expect(live.status).toBe(200);
      expect(live.headers.get("content-type")).toContain("text/event-stream");
      const heard = firstEvent(live, "observation");
      // Let A's subscription reach Redis (the stream's hello frame is sent after it).
      await new Promise((r) => setTimeout(r, 300));
      const ts = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
      const posted = await appB.request(
        "/api/observations",
        jsonInit("POST", {
          records: [{ hospitalId: org.hospital.code, ts: ts.toISOString(), edArrivals: 4 }],
        }, bearer(org.apiKey)),
      );
      expect(posted.status).toBe(200);
      await posted.body?.cancel();
      expect(await heard).toContain("event: observation");

      const runs: string[] = [];
      const def: JobDef = {
        name: `two_${crypto.randomUUID().slice(0, 8)}`,
        schedule: "* * * * *",
        timeoutMs: 10_000,
        run: async () => {
          runs.push("ran");
          await new Promise((r) => setTimeout(r, 100));
        },
      };
      const now = new Date(slotOf(new Date()).getTime() + 10_000);
      const reports = await Promise.all([
        runScheduled(a, def, { now, instance: "a" }),
        runScheduled(b, def, { now, instance: "b" }),
      ]);
      expect(runs).toEqual(["ran"]);
      expect(reports.map((r) => r!.outcome).sort()).toEqual(["busy", "ok"]);
    } finally {
      await a.close();
      await b.close();
    }
  });
}

dbTest("graceful shutdown waits for the running job", async (s) => {
  let finished = false;
  const def: JobDef = {
    name: `drain_${crypto.randomUUID().slice(0, 8)}`,
    schedule: "* * * * *",
    timeoutMs: 10_000,
    run: async () => {
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    },
  };
  const tick = runScheduled(s, def);
  await new Promise((r) => setTimeout(r, 50));
  expect(await drainJobs(10_000)).toBe(true);
  expect(finished).toBe(true);
  expect((await tick)!.outcome).toBe("ok");
});
