/**
 * Training runs of every organisation go through one queue with a global limit (issue 21 and
 * issue 19: three organisations trained at once, in three Workers). With TRAINING_CONCURRENCY=1,
 * three organisations asking together get three queued runs that train one after another, in the
 * order they were asked for, and all three finish.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit } from "./support/accounts.ts";
import { orgWithHistory, waitForRun } from "./support/org_history.ts";

dbTest("training requests from several organisations queue under the global limit", async (s) => {
  const deps = { ...s, config: { ...s.config, TRAINING_CONCURRENCY: 1 } };
  const app = await buildTestApp(deps);
  const orgs = [];
  for (const label of ["queue-a", "queue-b", "queue-c"]) {
    orgs.push((await orgWithHistory(s, app, label, 35)).org);
  }
  const ids: string[] = [];
  for (const org of orgs) {
    const res = await app.request(
      "/api/models/train",
      jsonInit("POST", { fast: true }, bearer(org.users.admin.token)),
    );
    expect(res.status).toBe(202);
    expect(res.headers.get("content-type")).toContain("application/json");
    ids.push((await res.json()).id);
  }
  const orgIds = orgs.map((o) => o.id);
  const states = () =>
    s.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM model_training_runs WHERE org_id = ANY($1::uuid[])
       GROUP BY status`,
      [orgIds],
    );
  // Sampled until every run has ended: never more than one running, the others queued.
  let sawQueued = 0;
  for (let i = 0; i < 6000; i++) {
    const by = Object.fromEntries((await states()).map((r) => [r.status, r.n]));
    expect(by.running ?? 0).toBeLessThanOrEqual(1);
    sawQueued = Math.max(sawQueued, by.queued ?? 0);
    if ((by.succeeded ?? 0) + (by.failed ?? 0) === 3) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // Right after the three requests at least two waited in the queue.
  expect(sawQueued).toBeGreaterThanOrEqual(2);
  for (const [i, org] of orgs.entries()) {
    const run = await waitForRun(app, org.users.admin.token, ids[i]);
    expect(run.status).toBe("succeeded");
  }
  // One after another, in the order asked for: each started after the one before it ended.
  const runs = await s.db.query<{ id: string; startedAt: Date; finishedAt: Date }>(
    `SELECT id, started_at AS "startedAt", finished_at AS "finishedAt" FROM model_training_runs
     WHERE id = ANY($1::uuid[]) ORDER BY created_at`,
    [ids],
  );
  expect(runs.map((r) => r.id)).toEqual(ids);
  for (let i = 1; i < runs.length; i++) {
    expect(new Date(runs[i].startedAt) >= new Date(runs[i - 1].finishedAt)).toBe(true);
  }
});
