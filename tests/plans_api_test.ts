import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { makeFestivalOrg } from "./support/plan_org.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { runJob } from "../workers/runner.ts";
import { planJob } from "../workers/plan.ts";
import { refreshOrg } from "../services/refresh.ts";

interface Rec {
  id: string;
  agent: string;
  priority: string;
  status: string;
  note: string | null;
  evidence: Record<string, unknown>;
}

const statuses = ["open", "accepted", "dismissed", "done"];

dbTest("GET /api/plans/latest reads the plan a refresh built, and never builds one", async (s) => {
  const app = await buildTestApp(s);
  const demo = (await findDemoOrgId(s.db))!;
  const user = await addUser(s, demo, "analyst");
  await refreshOrg(s, demo);
  const res = await app.request("/api/plans/latest?hospitalId=desert-regional", {
    headers: bearer(user.token),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  const plan = await res.json();
  expect(plan.hospitalId).toBe("desert-regional");
  expect(Array.isArray(plan.recommendations)).toBe(true);
  for (const r of plan.recommendations as Rec[]) {
    expect(statuses).toContain(r.status);
    expect(["critical", "high", "medium", "low"]).toContain(r.priority);
    expect(typeof r.evidence.key).toBe("string");
  }
  const [stored] = await s.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM plans WHERE id = $1 AND org_id = $2",
    [plan.id, demo],
  );
  expect(stored.n).toBe(1);
  const kinds = await s.db.query<{ kind: string }>(
    "SELECT DISTINCT jsonb_typeof(evidence) AS kind FROM recommendations WHERE plan_id = $1",
    [plan.id],
  );
  expect(kinds.every((k) => k.kind === "object")).toBe(true); // not a JSON string
  const doc = await (await app.request("/api/openapi.json")).json();
  expect(doc.paths["/api/plans/latest"].get).toBeDefined();
  expect(doc.paths["/api/recommendations/{id}"].patch).toBeDefined();
  const again = await app.request("/api/plans/latest?hospitalId=desert-regional", {
    headers: bearer(user.token),
  });
  expect((await again.json()).id).toBe(plan.id); // the stored plan, not a new one
  const audit = await s.db.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE actor_id = $1 AND resource = 'plans'`,
    [user.id],
  );
  expect(audit.map((a) => a.action)).toEqual(["read", "read"]);
});

dbTest("GET /api/plans/latest: missing hospitalId → 422, unknown hospital → 404", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "plans-q");
  const missing = await app.request("/api/plans/latest", {
    headers: bearer(org.users.analyst.token),
  });
  expect(missing.status).toBe(422);
  expect(missing.headers.get("content-type")).toContain("application/json");
  expect((await missing.json()).error.details[0].path).toBe("query.hospitalId");
  const none = await app.request("/api/plans/latest?hospitalId=desert-regional", {
    headers: bearer(org.users.analyst.token),
  });
  expect(none.status).toBe(404);
  await none.body?.cancel();
});

dbTest("PATCH a recommendation: the decision sticks and survives the plan job", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeFestivalOrg(s, "plans-patch");
  const latest = async () => {
    const res = await app.request(`/api/plans/latest?hospitalId=${org.hospital.code}`, {
      headers: bearer(org.users.coordinator.token),
    });
    expect(res.status).toBe(200);
    return await res.json() as { id: string; recommendations: Rec[] };
  };
  const first = await latest();
  const ems = first.recommendations.find((r) => r.agent === "event_medical")!;
  expect(ems.status).toBe("open");
  expect(ems.evidence.ambulances).toBe(7);
  expect(ems.priority).toBe("high");

  const res = await app.request(
    `/api/recommendations/${ems.id}`,
    jsonInit(
      "PATCH",
      { status: "accepted", note: "two units from county" },
      bearer(org.users.coordinator.token),
    ),
  );
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  expect(await res.json()).toMatchObject({ id: ems.id, status: "accepted" });
  const next = (await latest()).recommendations.find((r) => r.id === ems.id)!;
  expect(next.status).toBe("accepted");

  const run = await runJob(s, planJob);
  expect(run.outcome).toBe("ok");
  const rebuilt = await latest();
  expect(rebuilt.id).not.toBe(first.id);
  const carried = rebuilt.recommendations.find((r) => r.agent === "event_medical")!;
  expect(carried.id).not.toBe(ems.id);
  expect(carried).toMatchObject({ status: "accepted", note: "two units from county" });

  // A decision on the older plan's item reaches the newer plan's copy too.
  const older = await app.request(
    `/api/recommendations/${ems.id}`,
    jsonInit("PATCH", { status: "done" }, bearer(org.users.organizer.token)),
  );
  expect(older.status).toBe(200);
  await older.body?.cancel();
  expect((await latest()).recommendations.find((r) => r.agent === "event_medical")!.status).toBe(
    "done",
  );

  const audit = await s.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log
     WHERE resource = 'recommendations' AND resource_id = $1 AND action = 'update'`,
    [ems.id],
  );
  expect(audit[0].n).toBe(2);
});

dbTest("PATCH a recommendation: validation, tenancy and roles", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeFestivalOrg(s, "plans-rules");
  const other = await makeOrg(s, "plans-other");
  const plan = await (await app.request(`/api/plans/latest?hospitalId=${org.hospital.code}`, {
    headers: bearer(org.users.admin.token),
  })).json();
  const id = plan.recommendations[0].id;
  const patch = (body: unknown, headers: Record<string, string>) =>
    app.request(`/api/recommendations/${id}`, jsonInit("PATCH", body, headers));

  const bad = await patch({ status: "maybe" }, bearer(org.users.admin.token));
  expect(bad.status).toBe(422);
  expect(bad.headers.get("content-type")).toContain("application/json");
  expect((await bad.json()).error.details[0].path).toBe("status");

  const extra = await patch({ status: "done", colour: "red" }, bearer(org.users.admin.token));
  expect(extra.status).toBe(422);
  expect((await extra.json()).error.details[0].path).toBe("colour");

  const foreign = await patch({ status: "done" }, bearer(other.users.admin.token));
  expect(foreign.status).toBe(404);
  await foreign.body?.cancel();

  const analyst = await patch({ status: "done" }, bearer(org.users.analyst.token));
  expect(analyst.status).toBe(403);
  await analyst.body?.cancel();

  const anonymous = await patch({ status: "done" }, {});
  expect(anonymous.status).toBe(401);
  await anonymous.body?.cancel();

  const [row] = await s.db.query<{ status: string }>(
    "SELECT status FROM recommendations WHERE id = $1",
    [id],
  );
  expect(row.status).toBe("open");
});
