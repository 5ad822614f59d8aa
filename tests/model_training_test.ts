/**
 * Per-organisation models through the API: an organisation admin trains a model on the
 * organisation's uploaded history, follows the run, reads its backtest, activates it; the
 * organisation's forecasts then use it while another organisation keeps the global model;
 * rollback; one run at a time (409); too little history (409); the time budget.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import type { Services } from "../lib/runtime.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, type TestOrg } from "./support/accounts.ts";
import {
  orgWithHistory,
  type Run,
  simulateOrgHistory,
  uploadHistory,
  waitForRun,
  weekStart,
} from "./support/org_history.ts";
import { refreshOrg } from "../services/refresh.ts";
import {
  AUTO_TRAINING_ACTOR,
  AUTO_TRAINING_DAYS,
  AUTO_TRAINING_EVERY_MS,
  startTraining,
} from "../services/model_training.ts";
import { orgsDueForTraining } from "../models/training_runs.ts";
import { runJob } from "../workers/runner.ts";
import { autoTrainingJob } from "../workers/auto_training.ts";
import { systemActor } from "../services/actor.ts";
import { ensureActiveModel, registerVersion } from "../ml/registry.ts";
import { modelArtifact } from "../models/model_versions.ts";

type App = Awaited<ReturnType<typeof buildTestApp>>;

type Figures = { mase: number; points: number };

/** A version's stored report (its per-hospital figures). */
async function versionMetrics(s: Services, version: string) {
  const [row] = await s.db.query<{ metrics: unknown }>(
    "SELECT metrics FROM model_versions WHERE version = $1",
    [version],
  );
  const m = (typeof row.metrics === "string" ? JSON.parse(row.metrics) : row.metrics) as {
    perHospital: Record<string, Record<string, Figures>>;
  };
  return m;
}

/** The uuid of an organisation's hospital code. */
async function hospitalUuid(s: Services, orgId: string, code: string): Promise<string> {
  const [row] = await s.db.query<{ id: string }>(
    "SELECT id FROM hospitals WHERE org_id = $1 AND code = $2",
    [orgId, code],
  );
  return row.id;
}

async function forecastVersion(app: App, org: TestOrg, hospital: string) {
  const res = await app.request(`/api/hospitals/${hospital}/forecast`, {
    headers: bearer(org.users.analyst.token),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()).modelVersion as string;
}

async function activate(app: App, token: string, version: string) {
  return await app.request(`/api/models/${version}/activate`, {
    method: "POST",
    headers: bearer(token),
  });
}

async function train(app: App, token: string, fast = true) {
  return await app.request("/api/models/train", jsonInit("POST", { fast }, bearer(token)));
}

dbTest(
  "an organisation trains its own model on its uploaded history, activates it and rolls back; " +
    "another organisation keeps the global model",
  async (s) => {
    const app = await buildTestApp(s);
    const global = (await ensureActiveModel(s.db)).version;
    const { org: a, code } = await orgWithHistory(s, app, "train-a");
    const admin = a.users.admin.token;
    // A short history at A's second hospital and at B's: both stay on the global model.
    const short = simulateOrgHistory({
      beds: 30,
      days: 3,
      end: weekStart(),
      utcOffsetHours: -8,
      seed: 3,
    });
    await uploadHistory(app, admin, a.hospital.code, short);
    const b = await makeOrg(s, "train-b");
    await uploadHistory(app, b.users.admin.token, b.hospital.code, short);
    // The calendar reaches training: a flag of A's calendar (a day three weeks back, in the
    // training weeks) becomes an input of A's model.
    const festive = new Date(weekStart().getTime() - 21 * 86_400_000).toISOString().slice(0, 10);
    const cal = await app.request(
      "/api/calendar",
      jsonInit("PUT", { days: [{ date: festive, flags: { festiveDay: true } }] }, bearer(admin)),
    );
    expect(cal.status).toBe(200);
    await cal.body?.cancel();

    const refused = await train(app, a.users.coordinator.token);
    expect(refused.status).toBe(403);
    await refused.body?.cancel();

    const started = await train(app, admin);
    expect(started.status).toBe(202);
    expect(started.headers.get("content-type")).toContain("application/json");
    const queued: Run = await started.json();
    expect(started.headers.get("location")).toBe(`/api/training-runs/${queued.id}`);
    expect(["queued", "running"]).toContain(queued.status);

    // One run per organisation at a time.
    const second = await train(app, admin);
    expect(second.status).toBe(409);
    expect(second.headers.get("content-type")).toContain("application/json");
    const busy = await second.json();
    expect(busy.error.code).toBe("training_running");
    expect(busy.error.message).toContain(queued.id);

    const seen: number[] = [];
    const done = await waitForRun(app, admin, queued.id, seen);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBe(100);
    expect(seen).toEqual([...seen].sort((x, y) => x - y)); // progress never goes back
    const v1 = done.version!;
    expect(v1).toMatch(/^org-/);
    const bt = done.backtest!;
    expect(bt.mase).toBeLessThan(bt.baselines.poissonGlm.mase);
    expect(bt.pinball).toBeLessThan(bt.baselines.seasonalNaive.pinball);
    expect(bt.coverage80).toBeGreaterThan(0.6);
    expect(bt.activatable).toBe(true);
    const spec = (await modelArtifact(s.db, v1))!.spec as { names: string[] };
    expect(spec.names).toContain("org_festiveDay");

    // Nobody activates it: the run backtested every candidate on the hospital's own weeks, and
    // the organisation's model beat the global one there, so it serves that hospital (issue 16).
    const hospitalId = await hospitalUuid(s, a.id, code);
    const listed = await app.request("/api/models", { headers: bearer(a.users.analyst.token) });
    expect(listed.status).toBe(200);
    const models = await listed.json();
    const mine = models.versions.find((v: { version: string }) => v.version === v1);
    const figures = (await versionMetrics(s, v1)).perHospital[hospitalId];
    // Every candidate was scored on the hospital's own backtest points.
    for (const k of ["model", "global", "poissonGlm", "seasonalNaive"]) {
      expect(figures[k].points).toBeGreaterThan(100);
    }
    expect(figures.model.mase).toBeLessThan(figures.global.mase);
    expect(models.organisation).toBe(v1);
    expect(models.active).toBe(v1);
    expect(mine).toMatchObject({
      scope: "organisation",
      active: true,
      serving: true,
      hospitals: [code],
      activatedBy: "system (best on the hospitals' own data)",
    });
    expect(models.hospitals.find((h: { id: string }) => h.id === code).model).toBe(v1);
    // The served model is the refit on all history: its training range ends at the data's end;
    // the validated fit (trained up to the backtest) is registered beside it.
    expect(new Date(mine.dataTo).getTime()).toBeGreaterThan(
      new Date(mine.backtest.to).getTime() - 3_600_000,
    );
    const validated = models.versions.find((v: { version: string }) =>
      v.version === `${v1}-validated`
    );
    expect(new Date(validated.dataTo).getTime()).toBe(new Date(mine.backtest.from).getTime());
    expect(validated.active).toBe(false);

    // Back to the global model by hand, then the organisation's model again by hand.
    const off = await activate(app, admin, global);
    expect(await off.json()).toEqual({ active: global, scope: "global", previous: v1 });
    expect((await activate(app, a.users.coordinator.token, v1)).status).toBe(403);
    const on = await activate(app, admin, v1);
    expect(on.status).toBe(200);
    expect(on.headers.get("content-type")).toContain("application/json");
    expect(await on.json()).toEqual({ active: v1, scope: "organisation", previous: null });

    // What the refresh job does after the activation asked for one.
    await refreshOrg(s, a.id);
    expect(await forecastVersion(app, a, code)).toBe(v1);
    expect(await forecastVersion(app, a, a.hospital.code)).toBe(global); // too little history
    expect(await forecastVersion(app, b, b.hospital.code)).toBe(global);
    const artifact = await app.request(`/api/models/current.onnx?hospitalId=${code}`, {
      headers: bearer(a.users.analyst.token),
    });
    expect(artifact.status).toBe(200);
    expect(artifact.headers.get("content-type")).toBe("application/octet-stream");
    expect(artifact.headers.get("x-model-version")).toBe(v1);
    await artifact.body?.cancel();
    const theirs = await app.request("/api/models/current.onnx", {
      headers: bearer(b.users.analyst.token),
    });
    expect(theirs.headers.get("x-model-version")).toBe(global);
    await theirs.body?.cancel();
    // B neither sees nor activates A's version.
    const bModels = await (await app.request("/api/models", {
      headers: bearer(b.users.analyst.token),
    })).json();
    expect(bModels.versions.map((v: { version: string }) => v.version)).not.toContain(v1);
    const stolen = await activate(app, b.users.admin.token, v1);
    expect(stolen.status).toBe(404);
    await stolen.body?.cancel();

    // A second version, then rollback to the first, then back to the global model.
    const again = await train(app, admin);
    expect(again.status).toBe(202);
    const run2 = await waitForRun(app, admin, (await again.json()).id);
    expect(run2).toMatchObject({ status: "succeeded", error: null });
    const v2 = run2.version!;
    expect(v2).not.toBe(v1);
    // The second model serves automatically exactly when it beats the first on the hospital.
    const m2 = (await versionMetrics(s, v2)).perHospital[hospitalId];
    const auto2 = m2.model.mase < m2.current.mase;
    const now2 = await (await app.request("/api/models", { headers: bearer(admin) })).json();
    expect(now2.organisation).toBe(auto2 ? v2 : v1);
    const second2 = await activate(app, admin, v2);
    expect(await second2.json()).toEqual({
      active: v2,
      scope: "organisation",
      previous: auto2 ? v2 : v1,
    });
    await refreshOrg(s, a.id);
    expect(await forecastVersion(app, a, code)).toBe(v2);
    const back = await activate(app, admin, v1);
    expect(back.status).toBe(200);
    expect(await back.json()).toEqual({ active: v1, scope: "organisation", previous: v2 });
    await refreshOrg(s, a.id);
    expect(await forecastVersion(app, a, code)).toBe(v1);
    const toGlobal = await activate(app, admin, global);
    expect(await toGlobal.json()).toEqual({ active: global, scope: "global", previous: v1 });
    await refreshOrg(s, a.id);
    expect(await forecastVersion(app, a, code)).toBe(global);

    // Every activation left an audit row written by the service.
    const audit = await app.request("/api/audit?resource=models&limit=20", {
      headers: bearer(admin),
    });
    const rows: { action: string; resourceId: string }[] = (await audit.json()).entries;
    expect(rows.filter((r) => r.action === "activate").map((r) => r.resourceId))
      .toEqual([global, v1, v2, ...(auto2 ? [v2] : []), v1, global, v1]);
  },
);

dbTest("a version that does not beat the baselines cannot be activated", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "not-better");
  const bundled = await ensureActiveModel(s.db);
  const version = `org-worse-${crypto.randomUUID().slice(0, 8)}`;
  await registerVersion(s.db, {
    version,
    orgId: org.id,
    hospitalIds: [org.hospital.id],
    dataFrom: new Date(0),
    dataTo: new Date(3_600_000),
    spec: bundled.spec,
    metrics: {
      mase: 1.08,
      pinball: 0.9,
      baselines: {
        seasonalNaive: { mase: 1, pinball: 0.8 },
        poissonGlm: { mase: 0.9, pinball: 0.7 },
      },
      checks: { beatsSeasonalNaive: false, beatsGlmBaseline: false },
    },
    artifact: bundled.artifact,
  });
  const res = await activate(app, org.users.admin.token, version);
  expect(res.status).toBe(409);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await res.json();
  expect(body.error.code).toBe("not_better_than_baselines");
  expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([
    "backtest.seasonalNaive",
    "backtest.poissonGlm",
  ]);
  const unknown = await activate(app, org.users.admin.token, "no-such-version");
  expect(unknown.status).toBe(404);
  await unknown.body?.cancel();
});

dbTest(
  "too little history: training is refused with the threshold and each hospital's days",
  async (s) => {
    const app = await buildTestApp(s);
    const { org, code } = await orgWithHistory(s, app, "train-short", 20);
    const res = await train(app, org.users.admin.token);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.error.code).toBe("insufficient_history");
    expect(body.error.message).toMatch(/20\.0 days .* at least 28.* global model/);
    expect(body.error.details).toContainEqual({
      path: `hospitals.${code}`,
      message: "20.0 days of hourly arrivals stored",
    });
  },
);

dbTest("a run past its time budget stops and says so; the next run may start", async (s) => {
  const app = await buildTestApp(s);
  const { org } = await orgWithHistory(s, app, "train-budget", 35);
  const run = await startTraining(s, { ...systemActor(org.id, "test"), orgId: org.id }, {
    fast: true,
  }, { budgetMs: 1 });
  const ended = await waitForRun(app, org.users.admin.token, run.id);
  expect(ended.status).toBe("failed");
  expect(ended.error).toMatch(/exceeded its time budget/);
  expect(ended.version).toBeNull();
  const next = await train(app, org.users.admin.token);
  expect(next.status).toBe(202);
  await waitForRun(app, org.users.admin.token, (await next.json()).id);
});

dbTest(
  "automatic: once a hospital has 8 weeks of history the organisation's model is trained by " +
    "the job and serves it without anyone asking; 5 weeks are not enough",
  async (s) => {
    const app = await buildTestApp(s);
    const { org, code } = await orgWithHistory(s, app, "auto-8w", 56);
    const { org: young } = await orgWithHistory(s, app, "auto-5w", 35);
    const due = await orgsDueForTraining(s.db, AUTO_TRAINING_DAYS * 24, AUTO_TRAINING_EVERY_MS);
    expect(due).toContain(org.id);
    expect(due).not.toContain(young.id);
    // Other organisations of this database may be due too: the job takes one per run.
    let runs: Run[] = [];
    for (let i = 0; i < 4 && !runs.length; i++) {
      expect((await runJob(s, autoTrainingJob)).outcome).toBe("ok");
      const listed = await app.request("/api/models", { headers: bearer(org.users.admin.token) });
      runs = (await listed.json()).runs;
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", requestedBy: AUTO_TRAINING_ACTOR });
    const models = await (await app.request("/api/models", {
      headers: bearer(org.users.analyst.token),
    })).json();
    expect(models.organisation).toBe(runs[0].version);
    expect(models.hospitals.find((h: { id: string }) => h.id === code).model)
      .toBe(runs[0].version);
    // It is not due again within the week.
    expect(await orgsDueForTraining(s.db, AUTO_TRAINING_DAYS * 24, AUTO_TRAINING_EVERY_MS))
      .not.toContain(org.id);
    await refreshOrg(s, org.id);
    expect(await forecastVersion(app, org, code)).toBe(runs[0].version);
  },
);
