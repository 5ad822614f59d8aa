import { expect } from "expect";
import { dbTest } from "../tests/support/services.ts";
import { openDb } from "../infra/db.ts";
import type { Services } from "../lib/runtime.ts";
import { type JobDef, runJob } from "./runner.ts";
import { runScheduled, slotOf } from "./scheduler.ts";
import { getJob, listJobs, registerJob } from "./registry.ts";

const name = (what: string) => `test_${what}_${crypto.randomUUID().slice(0, 8)}`;

/** A job that counts its runs and takes `ms` to finish. */
function countingJob(ms: number, extra: Partial<JobDef> = {}) {
  const runs: number[] = [];
  const def: JobDef = {
    name: name("count"),
    schedule: "* * * * *",
    timeoutMs: 10_000,
    async run(ctx) {
      runs.push(ctx.runId);
      await new Promise((r) => setTimeout(r, ms));
      return { rows: 7 };
    },
    ...extra,
  };
  return { def, runs };
}

/** A second "instance": its own connection pool when DATABASE_URL is set (PGlite has one). */
async function secondInstance(
  s: Services,
): Promise<{ services: Services; close: () => Promise<void> }> {
  if (!s.config.DATABASE_URL) return { services: s, close: async () => {} };
  const db = await openDb({ databaseUrl: s.config.DATABASE_URL });
  return { services: { ...s, db }, close: () => db.close() };
}

async function runsOf(s: Services, job: string) {
  return await s.db.query<
    { outcome: string; rows: number; error: string | null; attempts: number; instance: string }
  >(
    "SELECT outcome, rows, error, attempts, instance FROM job_runs WHERE job = $1 ORDER BY id",
    [job],
  );
}

dbTest("two instances firing the same cron slot run the job once", async (s) => {
  const other = await secondInstance(s);
  try {
    const { def, runs } = countingJob(150);
    // Ten seconds into a minute, so that "a little later" stays in the same cron slot.
    const now = new Date(slotOf(new Date()).getTime() + 10_000);
    const [a, b] = await Promise.all([
      runScheduled(s, def, { now, instance: "instance-a" }),
      runScheduled(other.services, def, { now, instance: "instance-b" }),
    ]);
    expect(runs.length).toBe(1);
    expect([a!.outcome, b!.outcome].sort()).toEqual(["busy", "ok"]);
    // An instance whose clock fires a little later, after the first run ended, still skips.
    const late = await runScheduled(other.services, def, { now: new Date(now.getTime() + 1000) });
    expect(late!.outcome).toBe("busy");
    expect(late!.error).toContain("already handled");
    expect(runs.length).toBe(1);
    const rows = await runsOf(s, def.name);
    expect(rows.length).toBe(1);
    expect(rows[0].outcome).toBe("ok");
    expect(rows[0].rows).toBe(7);
    // The next minute is a new slot.
    const next = await runScheduled(s, def, { now: new Date(slotOf(now).getTime() + 60_000) });
    expect(next!.outcome).toBe("ok");
    expect(runs.length).toBe(2);
  } finally {
    await other.close();
  }
});

dbTest("a manual run waits for nobody but never overlaps a running one", async (s) => {
  const other = await secondInstance(s);
  try {
    const { def, runs } = countingJob(200);
    const first = runJob(s, def);
    await new Promise((r) => setTimeout(r, 50));
    const second = await runJob(other.services, def);
    expect(second.outcome).toBe("busy");
    expect(second.error).toContain("still running");
    expect((await first).outcome).toBe("ok");
    expect((await runJob(other.services, def)).outcome).toBe("ok");
    expect(runs.length).toBe(2);
  } finally {
    await other.close();
  }
});

dbTest("a thrown error is retried with exponential backoff and jitter", async (s) => {
  let calls = 0;
  const slept: number[] = [];
  const def: JobDef = {
    name: name("retry"),
    schedule: "* * * * *",
    timeoutMs: 5_000,
    retries: 3,
    run() {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
      return Promise.resolve({ rows: 1 });
    },
  };
  const report = await runJob(s, def, {
    backoffBaseMs: 100,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  });
  expect(report.outcome).toBe("ok");
  expect(report.attempts).toBe(3);
  expect(slept.length).toBe(2);
  expect(slept[0]).toBeGreaterThanOrEqual(50);
  expect(slept[0]).toBeLessThanOrEqual(100);
  expect(slept[1]).toBeGreaterThanOrEqual(100);
  expect(slept[1]).toBeLessThanOrEqual(200);
  const [row] = await runsOf(s, def.name);
  expect(row).toMatchObject({ outcome: "ok", attempts: 3, error: null });

  const failing: JobDef = {
    ...def,
    name: name("fail"),
    retries: 1,
    run: () => Promise.reject(new Error("database gone")),
  };
  const bad = await runJob(s, failing, { sleep: () => Promise.resolve() });
  expect(bad.outcome).toBe("failed");
  const [badRow] = await runsOf(s, failing.name);
  expect(badRow).toMatchObject({
    outcome: "failed",
    attempts: 2,
    error: "attempt 2: database gone",
  });
});

dbTest(
  "a run past its timeout is stopped, its signal aborted, and recorded as timeout",
  async (s) => {
    let aborted = false;
    const def: JobDef = {
      name: name("slow"),
      schedule: "* * * * *",
      timeoutMs: 60,
      retries: 2,
      run: (ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener("abort", () => {
            aborted = true;
            resolve({});
          });
        }),
    };
    const started = performance.now();
    const report = await runJob(s, def);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(report.outcome).toBe("timeout");
    expect(report.attempts).toBe(1); // a timeout is not retried: the next schedule tries again
    expect(aborted).toBe(true);
    const [row] = await runsOf(s, def.name);
    expect(row).toMatchObject({ outcome: "timeout", error: "timed out after 60 ms" });
  },
);

dbTest(
  "a run left 'running' by a dead instance stops blocking after the stale timeout",
  async (s) => {
    const { def, runs } = countingJob(0);
    await s.db.query(
      `INSERT INTO job_runs (job, started_at, instance) VALUES ($1, now() - interval '2 hours', 'dead')`,
      [def.name],
    );
    expect((await runJob(s, def, { staleAfterMs: 3 * 3_600_000 })).outcome).toBe("busy");
    const report = await runJob(s, def, { staleAfterMs: 3_600_000 });
    expect(report.outcome).toBe("ok");
    expect(runs.length).toBe(1);
    const rows = await runsOf(s, def.name);
    expect(rows.map((r) => r.outcome)).toEqual(["timeout", "ok"]);
    expect(rows[0].error).toContain("abandoned");
  },
);

Deno.test("the registry lists feeds, rollup and retention; other modules can register theirs", () => {
  expect(listJobs().map((j) => j.name).slice(0, 3)).toEqual(["feeds", "rollup", "retention"]);
  for (const j of listJobs()) expect(j.schedule.split(" ").length).toBe(5);
  const def = registerJob({
    name: "forecast_test",
    schedule: "0 * * * *",
    timeoutMs: 1,
    run: () => Promise.resolve(),
  });
  expect(getJob("forecast_test")).toBe(def);
  expect(() => registerJob({ ...def, name: "Bad Name" })).toThrow("bad job name");
});
