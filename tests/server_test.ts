import { expect } from "expect";
import { runToExit, startServer } from "./support/process.ts";
import { createTestDatabase, dropTestDatabase } from "./support/services.ts";

const databaseUrl = Deno.env.get("DATABASE_URL");

async function storageEnv(): Promise<
  { env: Record<string, string>; cleanup: () => Promise<void> }
> {
  const dir = await Deno.makeTempDir({ prefix: "festsafe-data-" });
  if (databaseUrl) {
    const url = await createTestDatabase(databaseUrl);
    return {
      env: { DATABASE_URL: url, SECRETS_FILE: `${dir}/secrets.json` },
      cleanup: async () => {
        await dropTestDatabase(databaseUrl, url);
        await Deno.remove(dir, { recursive: true });
      },
    };
  }
  // The secrets file goes beside the PGlite folder by default: both inside the temporary one.
  return {
    env: { PGLITE_DIR: `${dir}/pglite` },
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test({
  name: "start: a fresh database is migrated and seeded, and a restart keeps the data",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { env, cleanup } = await storageEnv();
    try {
      // As `deno task start` runs by default: workers on (feeds kept off: no outside calls).
      const admin = { FESTSAFE_ADMIN_PASSWORD: "restart-test-password" };
      const first = await startServer({ ...env, ...admin, WORKERS: "on", LOG_LEVEL: "info" });
      let hospitals: string[];
      try {
        const page = await fetch(`${first.url}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get("content-type")).toContain("text/html");
        const html = await page.text();
        hospitals = [...html.matchAll(/data-hospital="([^"]+)"/g)].map((m) => m[1]);
        expect(hospitals.length).toBeGreaterThanOrEqual(4);
        const ready = await fetch(`${first.url}/readyz`);
        expect(ready.status).toBe(200);
        expect((await ready.json()).status).toBe("ready");
        // The workers started: every job is scheduled, none crashed the process.
        await new Promise((r) => setTimeout(r, 300));
        expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
        console.log(
          `first start to 200: ${Math.round(first.startupMs)} ms (${
            env.DATABASE_URL ? "postgres" : "pglite"
          })`,
        );
      } finally {
        const { code, output } = await first.stop();
        expect(code).toBe(0);
        // Secrets in a 0600 file beside the data, PGlite's folder closed to other users.
        const secrets = env.SECRETS_FILE ?? `${env.PGLITE_DIR}/../secrets.json`;
        expect((await Deno.stat(secrets)).mode! & 0o777).toBe(0o600);
        if (env.PGLITE_DIR) expect((await Deno.stat(env.PGLITE_DIR)).mode! & 0o777).toBe(0o700);
        expect(output).toMatch(/"msg":"workers started","jobs":\[[^\]]*"feeds /);
        expect(output).not.toContain("Uncaught");
      }
      const second = await startServer({ ...env, ...admin });
      try {
        const html = await (await fetch(`${second.url}/`)).text();
        const again = [...html.matchAll(/data-hospital="([^"]+)"/g)].map((m) => m[1]);
        expect(again).toEqual(hospitals);
        const ready = await fetch(`${second.url}/readyz`);
        expect(ready.status).toBe(200);
        await ready.body?.cancel();
        console.log(`restart to 200: ${Math.round(second.startupMs)} ms`);
        // A dashboard left open on the live stream must not keep the server from stopping.
        const login = await fetch(`${second.url}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            email: "admin@festsafe.local",
            password: admin.FESTSAFE_ADMIN_PASSWORD,
          }),
        });
        expect(login.status).toBe(200);
        const { accessToken } = await login.json();
        const live = await fetch(`${second.url}/api/live`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        expect(live.headers.get("content-type")).toContain("text/event-stream");
        const stopped = await second.stop();
        expect(stopped.code).toBe(0);
        await live.body?.cancel().catch(() => {});
      } finally {
        await second.stop();
      }
    } finally {
      await cleanup();
    }
  },
});

Deno.test("start: PORT=abc stops with one line naming PORT", async () => {
  const r = await runToExit({ PORT: "abc", PGLITE_DIR: "memory://" });
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe('festsafe: Invalid setting PORT (got "abc"): must be a whole number');
});

Deno.test("start: a malformed DATABASE_URL stops with one line naming it", async () => {
  const r = await runToExit({ DATABASE_URL: "postgres//nohost" });
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^festsafe: Invalid setting DATABASE_URL: must look like postgres:/);
});
