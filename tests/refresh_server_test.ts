/**
 * Plans stay current on a running server (workers on, as `deno task start`): uploading
 * observations, then creating an event, each produce a new plan within a minute with no job run
 * by hand — through the server's own refresh path (lib/server.ts starts it).
 */
import { expect } from "expect";
import { startServer } from "./support/process.ts";
import { createTestDatabase, dropTestDatabase } from "./support/services.ts";
import { edHistory, historyCsv } from "./support/scenario_data.ts";

const databaseUrl = Deno.env.get("DATABASE_URL");
const HOUR = 3_600_000;
const PASSWORD = "refresh-test-password";

async function storage(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (databaseUrl) {
    const url = await createTestDatabase(databaseUrl);
    return { env: { DATABASE_URL: url }, cleanup: () => dropTestDatabase(databaseUrl, url) };
  }
  const dir = await Deno.makeTempDir({ prefix: "festsafe-refresh-" });
  return { env: { PGLITE_DIR: dir }, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test({
  name: "refresh: an upload and a new event each give a new plan within a minute, no manual job",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { env, cleanup } = await storage();
    try {
      const server = await startServer({
        ...env,
        WORKERS: "on",
        FEEDS: "off",
        SEED_DEMO: "off",
        FESTSAFE_ADMIN_PASSWORD: PASSWORD,
      });
      try {
        const call = async (path: string, init: RequestInit = {}, token?: string) => {
          const headers = new Headers(init.headers);
          if (token) headers.set("authorization", `Bearer ${token}`);
          if (typeof init.body === "string" && !headers.has("content-type")) {
            headers.set("content-type", "application/json");
          }
          return await fetch(`${server.url}${path}`, { ...init, headers });
        };
        const login = async (email: string, password: string) => {
          const res = await call("/api/auth/login", {
            method: "POST",
            body: JSON.stringify({ email, password }),
          });
          expect(res.status).toBe(200);
          return (await res.json()).accessToken as string;
        };
        const root = await login("admin@festsafe.local", PASSWORD);
        const created = await call("/api/orgs", {
          method: "POST",
          body: JSON.stringify({
            name: "Refresh Health",
            adminEmail: "admin@refresh.test",
            adminPassword: PASSWORD,
          }),
        }, root);
        expect(created.status).toBe(201);
        await created.body?.cancel();
        const token = await login("admin@refresh.test", PASSWORD);
        const hospital = await call("/api/hospitals", {
          method: "POST",
          body: JSON.stringify({
            id: "mercy",
            name: "Mercy ED",
            lat: 40.0,
            lon: -105.27,
            edBeds: 24,
            staffBaseline: 6,
            timezone: "America/Denver",
          }),
        }, token);
        expect(hospital.status).toBe(201);
        await hospital.body?.cancel();

        /** Polls the plan until `done`; returns it and the seconds it took. */
        const planWhen = async (
          done: (p: { id: string; recommendations: { agent: string }[] }) => boolean,
        ) => {
          const started = performance.now();
          while (performance.now() - started < 60_000) {
            const res = await call("/api/plans/latest?hospitalId=mercy", {}, token);
            if (res.status === 200) {
              const plan = await res.json();
              if (done(plan)) return { plan, seconds: (performance.now() - started) / 1000 };
            } else await res.body?.cancel();
            await new Promise((r) => setTimeout(r, 500));
          }
          throw new Error("no new plan within a minute");
        };

        const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
        const rows = edHistory({
          end: new Date(thisHour),
          days: 14,
          meanPerHour: 3.2,
          timeZone: "America/Denver",
          los: { meanHours: 4.5, cv: 1 },
          seed: 3,
        });
        const upload = await call("/api/observations", {
          method: "POST",
          headers: { "content-type": "text/csv" },
          body: historyCsv("mercy", rows),
        }, token);
        expect(upload.status).toBe(200);
        expect((await upload.json()).accepted).toBe(rows.length);
        const first = await planWhen(() => true);
        expect(first.plan.forecastIssuedAt).not.toBeNull();
        console.log(`refresh: first plan ${first.seconds.toFixed(1)} s after the upload`);

        const start = thisHour + 6 * HOUR;
        const event = await call("/api/events", {
          method: "POST",
          body: JSON.stringify({
            id: "summer-fest",
            name: "Summer Fest",
            type: "music_festival",
            lat: 40.0,
            lon: -105.21,
            startsAt: new Date(start).toISOString(),
            endsAt: new Date(start + 10 * HOUR).toISOString(),
            expectedAttendance: 60_000,
          }),
        }, token);
        expect(event.status).toBe(201);
        await event.body?.cancel();
        const second = await planWhen((p) =>
          p.id !== first.plan.id && p.recommendations.some((r) => r.agent === "event_medical")
        );
        console.log(
          `refresh: plan with the event ${second.seconds.toFixed(1)} s after creating it`,
        );
      } finally {
        const { code, output } = await server.stop();
        expect(code).toBe(0);
        expect(output).not.toContain("refresh failed");
      }
    } finally {
      await cleanup();
    }
  },
});
