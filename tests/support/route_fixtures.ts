/**
 * One sample request per API route for the access matrix (tests/access_matrix_test.ts). Each
 * fixture builds a request that refers to the target organisation's rows and says what an
 * allowed caller gets when the target is its own organisation and when it is another one.
 * Adding a route under routes/api means adding its fixture here; the matrix fails until then.
 */
import type { Services } from "../../lib/runtime.ts";
import { startSession } from "../../lib/auth/sessions.ts";
import { createApiKey } from "../../lib/auth/api_keys.ts";
import { insertEvent } from "../../models/events.ts";
import { storePlan } from "../../models/plans.ts";
import { createWebhook } from "../../services/webhooks.ts";
import { systemActor } from "../../services/actor.ts";
import { finishTrainingRun, insertTrainingRun } from "../../models/training_runs.ts";
import { ensureActiveModel, registerVersion } from "../../ml/registry.ts";
import { jsonInit, TEST_PASSWORD, type TestOrg, unique } from "./accounts.ts";

export interface Sample {
  path: string;
  init?: RequestInit;
}

export interface Fixture {
  /** Builds the request against the target organisation (fresh rows where the call uses some). */
  build(s: Services, target: TestOrg): Promise<Sample> | Sample;
  /** Status for an allowed caller acting on its own organisation. */
  own: number;
  /** Status for an allowed caller naming another organisation's rows (never its data). */
  other: number;
  /** Content type of a successful answer, when not JSON. */
  contentType?: string;
}

const hour = () => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
const eventBody = () => ({
  id: unique("ev"),
  name: "Matrix event",
  type: "fair",
  lat: 33.7,
  lon: -116.2,
  startsAt: "2025-03-01T10:00:00Z",
  endsAt: "2025-03-01T20:00:00Z",
  expectedAttendance: 500,
});

export const routeFixtures: Record<string, Fixture> = {
  "POST /api/auth/login": {
    build: (_s, t) => ({
      path: "/api/auth/login",
      init: jsonInit("POST", { email: t.users.analyst.email, password: TEST_PASSWORD }),
    }),
    own: 200,
    other: 200,
  },
  "POST /api/auth/refresh": {
    build: async (s, t) => ({
      path: "/api/auth/refresh",
      init: jsonInit("POST", {
        refreshToken: (await startSession(s, t.users.analyst)).refreshToken,
      }),
    }),
    own: 200,
    other: 200,
  },
  "POST /api/auth/logout": {
    build: () => ({ path: "/api/auth/logout", init: { method: "POST" } }),
    own: 204,
    other: 204,
  },
  "GET /api/me": { build: () => ({ path: "/api/me" }), own: 200, other: 200 },
  "GET /api/orgs": { build: () => ({ path: "/api/orgs" }), own: 200, other: 200 },
  "POST /api/orgs": {
    build: () => ({
      path: "/api/orgs",
      init: jsonInit("POST", {
        name: unique("matrix-org"),
        adminEmail: `${unique("a")}@matrix.test`,
        adminPassword: "matrix password 123",
      }),
    }),
    own: 201,
    other: 201,
  },
  "GET /api/users": { build: () => ({ path: "/api/users" }), own: 200, other: 200 },
  "POST /api/users": {
    build: () => ({
      path: "/api/users",
      init: jsonInit("POST", {
        email: `${unique("u")}@matrix.test`,
        password: "matrix password 123",
        role: "analyst",
      }),
    }),
    own: 201,
    other: 201,
  },
  "PATCH /api/users/:id": {
    build: (_s, t) => ({
      path: `/api/users/${t.users.analyst.id}`,
      init: jsonInit("PATCH", { role: "analyst" }),
    }),
    own: 200,
    other: 404,
  },
  "GET /api/api-keys": { build: () => ({ path: "/api/api-keys" }), own: 200, other: 200 },
  "POST /api/api-keys": {
    build: () => ({ path: "/api/api-keys", init: jsonInit("POST", { name: "matrix" }) }),
    own: 201,
    other: 201,
  },
  "DELETE /api/api-keys/:id": {
    build: async (s, t) => {
      const k = await createApiKey(s.db, {
        orgId: t.id,
        name: "doomed",
        scopes: ["ingest"],
        createdBy: t.users.admin.id,
      });
      return { path: `/api/api-keys/${k.id}`, init: { method: "DELETE" } };
    },
    own: 200,
    other: 404,
  },
  "GET /api/hospitals": { build: () => ({ path: "/api/hospitals" }), own: 200, other: 200 },
  "POST /api/hospitals": {
    build: () => ({
      path: "/api/hospitals",
      init: jsonInit("POST", {
        id: unique("h"),
        name: "Matrix Hospital",
        lat: 33.8,
        lon: -116.4,
        edBeds: 10,
      }),
    }),
    own: 201,
    other: 201,
  },
  "GET /api/hospitals/:id": {
    build: (_s, t) => ({ path: `/api/hospitals/${t.hospital.code}` }),
    own: 200,
    other: 404,
  },
  "PATCH /api/hospitals/:id": {
    build: (_s, t) => ({
      path: `/api/hospitals/${t.hospital.id}`,
      init: jsonInit("PATCH", { staffBaseline: 20 }),
    }),
    own: 200,
    other: 404,
  },
  "GET /api/hospitals/:id/observations": {
    build: (_s, t) => ({ path: `/api/hospitals/${t.hospital.code}/observations?bucket=1d` }),
    own: 200,
    other: 404,
  },
  "GET /api/events": { build: () => ({ path: "/api/events" }), own: 200, other: 200 },
  "POST /api/events": {
    build: () => ({ path: "/api/events", init: jsonInit("POST", eventBody()) }),
    own: 201,
    other: 201,
  },
  "GET /api/events/:id": {
    build: (_s, t) => ({ path: `/api/events/${t.event.code}` }),
    own: 200,
    other: 404,
  },
  "PATCH /api/events/:id": {
    build: (_s, t) => ({
      path: `/api/events/${t.event.id}`,
      init: jsonInit("PATCH", { expectedAttendance: 50_000 }),
    }),
    own: 200,
    other: 404,
  },
  "DELETE /api/events/:id": {
    build: async (s, t) => {
      const { id: code, ...rest } = eventBody();
      const e = await insertEvent(s.db, t.id, {
        ...rest,
        code,
        type: "fair",
        startsAt: new Date(rest.startsAt),
        endsAt: new Date(rest.endsAt),
        indoor: false,
        bounded: true,
        alcohol: false,
        freeWater: true,
      });
      return { path: `/api/events/${e!.code}`, init: { method: "DELETE" } };
    },
    own: 204,
    other: 404,
  },
  "POST /api/observations": {
    build: (_s, t) => ({
      path: "/api/observations",
      init: jsonInit("POST", {
        records: [{ hospitalId: t.hospital.code, ts: hour().toISOString(), edArrivals: 7 }],
      }),
    }),
    own: 200,
    other: 422,
  },
  "POST /api/encounters": {
    build: (_s, t) => ({
      path: "/api/encounters",
      init: jsonInit("POST", {
        records: [{
          hospitalId: t.hospital.code,
          encounterId: unique("enc"),
          arrivedAt: hour().toISOString(),
        }],
      }),
    }),
    own: 200,
    other: 422,
  },
  "GET /api/environment": {
    build: (_s, t) => ({ path: `/api/environment?hospitalId=${t.hospital.code}` }),
    own: 200,
    other: 404,
  },
  "POST /api/environment": {
    build: () => ({
      path: "/api/environment",
      init: jsonInit("POST", {
        records: [{ lat: 33.8, lon: -116.5, ts: hour().toISOString(), temperatureC: 30 }],
      }),
    }),
    own: 200,
    other: 200,
  },
  "GET /api/feeds": { build: () => ({ path: "/api/feeds" }), own: 200, other: 200 },
  "GET /api/live": {
    // An event stream never ends by itself: the sample hangs up after a moment.
    build: () => ({ path: "/api/live", init: { signal: AbortSignal.timeout(300) } }),
    own: 200,
    other: 200,
    contentType: "text/event-stream",
  },
  "GET /api/alerts": {
    // An alert of the target organisation naming its hospital: visible to its own users only.
    build: async (s, t) => {
      await s.db.query(
        `INSERT INTO alerts (org_id, kind, severity, title, message, resource)
         VALUES ($1, 'capacity', 'high', 'ED near capacity', 'matrix', $2)`,
        [t.id, `hospital:${t.hospital.code}`],
      );
      return { path: "/api/alerts" };
    },
    own: 200,
    other: 200,
  },
  "GET /api/audit": { build: () => ({ path: "/api/audit?limit=5" }), own: 200, other: 200 },
  "GET /api/audit/verify": { build: () => ({ path: "/api/audit/verify" }), own: 200, other: 200 },
  // Forecast and model routes (their owners may refine these samples). Test organisations have
  // no arrival history, so a granted forecast request answers 409 insufficient_history.
  "GET /api/hospitals/:id/forecast": {
    build: (_s, t) => ({ path: `/api/hospitals/${t.hospital.code}/forecast` }),
    own: 409,
    other: 404,
  },
  "POST /api/forecast/what-if": {
    build: (_s, t) => ({
      path: "/api/forecast/what-if",
      init: jsonInit("POST", { hospitalId: t.hospital.code, overrides: { attendanceFactor: 1.2 } }),
    }),
    own: 409,
    other: 404,
  },
  "GET /api/models": { build: () => ({ path: "/api/models" }), own: 200, other: 200 },
  "GET /api/models/current.onnx": {
    build: () => ({ path: "/api/models/current.onnx" }),
    own: 200,
    other: 200,
    contentType: "application/octet-stream",
  },
  // A test organisation's hospital has no arrival history: its plan is built from environment
  // and events only, which is still a 200 with a (possibly empty) list.
  "GET /api/plans/latest": {
    build: async (s, t) => {
      // Plans are built by jobs and refreshes, never by a read: store one to read.
      await storePlan(s.db, {
        orgId: t.id,
        hospitalId: t.hospital.id,
        forecastIssuedAt: null,
        now: new Date(),
      }, []);
      return { path: `/api/plans/latest?hospitalId=${t.hospital.code}` };
    },
    own: 200,
    other: 404,
  },
  "PATCH /api/recommendations/:id": {
    build: async (s, t) => {
      const plan = await storePlan(s.db, {
        orgId: t.id,
        hospitalId: t.hospital.id,
        forecastIssuedAt: null,
        now: new Date(),
      }, [{
        agent: "heat",
        key: unique("heat:matrix"),
        priority: "low",
        title: "Matrix heat advisory",
        action: "Remind staff",
        rationale: "heat index 28 °C",
        evidence: {},
        ownerRole: "coordinator",
        hicsRole: "Safety Officer",
        dueAt: null,
      }]);
      return {
        path: `/api/recommendations/${plan.recommendations[0].id}`,
        init: jsonInit("PATCH", { status: "accepted" }),
      };
    },
    own: 200,
    other: 404,
  },
  "GET /api/settings": { build: () => ({ path: "/api/settings" }), own: 200, other: 200 },
  "PATCH /api/settings": {
    build: () => ({ path: "/api/settings", init: jsonInit("PATCH", { patientsPerNurse: 4 }) }),
    own: 200,
    other: 200,
  },
  "GET /api/webhooks": { build: () => ({ path: "/api/webhooks" }), own: 200, other: 200 },
  "POST /api/webhooks": {
    build: () => ({
      path: "/api/webhooks",
      init: jsonInit("POST", {
        url: "http://127.0.0.1:9/matrix-hook",
        secret: "matrix-secret-0123456789",
        events: ["capacity"],
      }),
    }),
    own: 201,
    other: 201,
  },
  "DELETE /api/webhooks/:id": {
    build: async (s, t) => {
      const w = await createWebhook(s, { ...systemActor(t.id), orgId: t.id }, {
        url: "http://127.0.0.1:9/doomed",
        secret: "doomed-secret-0123456789",
      });
      return { path: `/api/webhooks/${w.id}`, init: { method: "DELETE" } };
    },
    own: 204,
    other: 404,
  },
  "GET /api/webhooks/:id/deliveries": {
    build: async (s, t) => {
      const w = await createWebhook(s, { ...systemActor(t.id), orgId: t.id }, {
        url: "http://127.0.0.1:9/log",
        secret: "log-secret-0123456789ab",
      });
      return { path: `/api/webhooks/${w.id}/deliveries` };
    },
    own: 200,
    other: 404,
  },
  // The organisation's export, as one CSV file so that the matrix can look for leaked rows.
  "GET /api/export": {
    build: () => ({ path: "/api/export?file=hospitals.csv" }),
    own: 200,
    other: 200,
    contentType: "text/csv",
  },
  "GET /api/openapi.json": { build: () => ({ path: "/api/openapi.json" }), own: 200, other: 200 },
  // The organisation's calendar: always the caller's own.
  "GET /api/calendar": { build: () => ({ path: "/api/calendar" }), own: 200, other: 200 },
  "PUT /api/calendar": {
    build: () => ({
      path: "/api/calendar",
      init: jsonInit("PUT", { days: [{ date: "2025-07-04", flags: { festiveDay: true } }] }),
    }),
    own: 200,
    other: 200,
  },
  "PATCH /api/calendar": {
    build: () => ({
      path: "/api/calendar",
      init: jsonInit("PATCH", { days: [{ date: "2025-07-05", flags: { strike: true } }] }),
    }),
    own: 200,
    other: 200,
  },
  // Test organisations have no arrival history: a granted training request answers 409
  // insufficient_history (tests/model_training_test.ts trains on an uploaded history).
  "POST /api/models/train": {
    build: () => ({ path: "/api/models/train", init: jsonInit("POST", { fast: true }) }),
    own: 409,
    other: 409,
  },
  "GET /api/training-runs/:id": {
    build: async (s, t) => {
      const run = await insertTrainingRun(s.db, {
        orgId: t.id,
        requestedBy: "matrix",
        options: { fast: true },
      });
      // Finished at once: a queued run would hold the organisation's one training slot.
      await finishTrainingRun(s.db, run!.id, { status: "failed", error: "matrix sample" });
      return { path: `/api/training-runs/${run!.id}` };
    },
    own: 200,
    other: 404,
  },
  "POST /api/models/:version/activate": {
    // A version of the target organisation that serves none of its hospitals, with the bundled
    // model's backtest (which beats both baselines).
    build: async (s, t) => {
      const bundled = await ensureActiveModel(s.db);
      const [row] = await s.db.query<{ metrics: unknown }>(
        "SELECT metrics FROM model_versions WHERE version = $1",
        [bundled.version],
      );
      const version = unique("matrix-model");
      await registerVersion(s.db, {
        version,
        orgId: t.id,
        hospitalIds: [],
        dataFrom: new Date(0),
        dataTo: new Date(3_600_000),
        spec: bundled.spec,
        metrics: row.metrics,
        artifact: bundled.artifact,
      });
      return { path: `/api/models/${version}/activate`, init: { method: "POST" } };
    },
    own: 200,
    other: 404,
  },
  // Issue 18: status documents (EDXL-HAVE, CAP) and the calendar feed.
  "GET /api/have": {
    build: () => ({ path: "/api/have" }),
    own: 200,
    other: 200,
    contentType: "application/xml",
  },
  "GET /api/hospitals/:id/have": {
    build: (_s, t) => ({ path: `/api/hospitals/${t.hospital.code}/have` }),
    own: 200,
    other: 404,
    contentType: "application/xml",
  },
  "GET /api/alerts.cap": {
    build: () => ({ path: "/api/alerts.cap" }),
    own: 200,
    other: 200,
    contentType: "application/atom+xml",
  },
  "GET /api/alerts/:id/cap": {
    // An alert of the target organisation: its CAP message for its own users only.
    build: async (s, t) => {
      const [{ id }] = await s.db.query<{ id: string }>(
        `INSERT INTO alerts (org_id, kind, severity, title, message, resource)
         VALUES ($1, 'capacity', 'high', 'ED near capacity', 'matrix', $2) RETURNING id`,
        [t.id, `hospital:${t.hospital.code}`],
      );
      return { path: `/api/alerts/${id}/cap` };
    },
    own: 200,
    other: 404,
    contentType: "application/cap+xml",
  },
  "GET /api/events.ics": {
    // The token is the credential, whoever presents it: an unknown one gets 404 for everyone
    // (tests/calendar_feed_test.ts covers a live token).
    build: () => ({ path: `/api/events.ics?token=fsc_${crypto.randomUUID()}` }),
    own: 404,
    other: 404,
  },
};
