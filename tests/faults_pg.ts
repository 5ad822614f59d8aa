/**
 * PostgreSQL stopped and restarted under a running app (`deno task test:faults`, which
 * `deno task test` runs after the main suite). It stops the local cluster, so it runs only when
 * FESTSAFE_FAULT_TESTS=on and DATABASE_URL points at this machine's PostgreSQL — never in the
 * same `deno test` run as the other files, which share that server.
 */
import { expect } from "expect";
import { createTestDatabase, dropTestDatabase } from "./support/services.ts";
import { loadConfig } from "../infra/config.ts";
import { closeServices, openServices, type Services } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { memoryCache } from "../infra/cache.ts";
import { bearer, makeOrg } from "./support/accounts.ts";

const url = Deno.env.get("DATABASE_URL") ?? "";
const local = /^postgres(ql)?:\/\/[^@]*@(127\.0\.0\.1|localhost)(:5432)?\//.test(url);
const enabled = Deno.env.get("FESTSAFE_FAULT_TESTS") === "on" && local;

async function cluster(action: "stop" | "start") {
  const version = [...Deno.readDirSync("/etc/postgresql")].map((e) => e.name).sort()[0];
  const out = await new Deno.Command("pg_ctlcluster", {
    args: ["--skip-systemctl-redirect", version, "main", action],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success && !/already running|is not running/.test(said)) {
    throw new Error(`pg_ctlcluster ${action} failed (${out.code}): ${said}`);
  }
}

/** Polls until fn() is true or the time is up (bounded: never hangs the suite). */
async function eventually(fn: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function withServices(fn: (s: Services) => Promise<void>) {
  const testUrl = await createTestDatabase(url);
  const config = {
    ...loadConfig(),
    DATABASE_URL: testUrl,
    SECRETS_FILE: "memory://",
    FESTSAFE_ADMIN_PASSWORD: "fault test password",
    WORKERS: "off" as const,
    SEED_DEMO: "off" as const,
  };
  const s = await openServices(config, { cache: memoryCache() });
  try {
    await fn(s);
  } finally {
    await cluster("start");
    await closeServices(s).catch(() => {});
    await dropTestDatabase(url, testUrl).catch(() => {});
  }
}

Deno.test({
  name: "PostgreSQL stopped: the API answers 503 with Retry-After and recovers by itself",
  ignore: !enabled,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withServices(async (s) => {
      const app = createApp(s, await loadIslandAssets());
      const org = await makeOrg(s, "pg-stop");
      const list = () =>
        app.request("/api/hospitals", { headers: bearer(org.users.analyst.token) });
      expect((await list()).status).toBe(200);
      await cluster("stop");
      const down = await list();
      expect(down.status).toBe(503);
      expect(down.headers.get("content-type")).toContain("application/json");
      expect(down.headers.get("retry-after")).toBe("5");
      expect((await down.json()).error.code).toBe("dependency_unavailable");
      const ready = await app.request("/readyz");
      expect(ready.status).toBe(503);
      await ready.body?.cancel();
      await cluster("start");
      expect(
        await eventually(async () => {
          const res = await list();
          await res.body?.cancel();
          return res.status === 200;
        }),
      ).toBe(true);
    }),
});

Deno.test({
  name: "PostgreSQL restarted during an upload: retried with its Idempotency-Key, every row once",
  ignore: !enabled,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withServices(async (s) => {
      const app = createApp(s, await loadIslandAssets());
      const org = await makeOrg(s, "pg-upload");
      const hours = 500;
      const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - (hours + 1) * 3_600_000;
      const csv = "hospitalId,ts,edArrivals\n" + Array.from({ length: hours }, (_, i) =>
        `${org.hospital.code},${new Date(start + i * 3_600_000).toISOString()},${i % 17}\n`).join(
          "",
        );
      const bytes = new TextEncoder().encode(csv);
      const key = `restart-${crypto.randomUUID()}`;
      const post = (body: BodyInit) =>
        app.request("/api/observations", {
          method: "POST",
          headers: { ...bearer(org.apiKey), "content-type": "text/csv", "idempotency-key": key },
          body,
        });
      // The first attempt: half the body, then the database goes away, then the rest.
      let sentHalf: () => void;
      const half = new Promise<void>((r) =>
        sentHalf = r
      );
      const slow = new ReadableStream<Uint8Array>({
        async start(ctl) {
          ctl.enqueue(bytes.slice(0, bytes.length / 2));
          sentHalf();
          await new Promise((r) =>
            setTimeout(r, 1500)
          );
          ctl.enqueue(bytes.slice(bytes.length / 2));
          ctl.close();
        },
      });
      const first = post(slow);
      await half;
      await cluster("stop");
      const failed = await first;
      expect(failed.status).toBe(503);
      expect(failed.headers.get("retry-after")).toBeTruthy();
      await failed.body?.cancel();
      await cluster("start");
      // The client retries with the same key until the database is back.
      let answer: Response | undefined;
      expect(
        await eventually(async () => {
          answer = await post(bytes);
          if (answer.status === 200) return true;
          await answer.body?.cancel();
          return false;
        }),
      ).toBe(true);
      expect((await answer!.json()).accepted).toBe(hours);
      const again = await post(bytes);
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      await again.body?.cancel();
      const [{ n, total }] = await s.db.query<{ n: number; total: number }>(
        `SELECT count(*)::int AS n, sum(ed_arrivals)::int AS total FROM observations
         WHERE hospital_id = $1`,
        [org.hospital.id],
      );
      expect(n).toBe(hours);
      expect(total).toBe(Array.from({ length: hours }, (_, i) => i % 17).reduce((a, b) => a + b));
    }),
});
