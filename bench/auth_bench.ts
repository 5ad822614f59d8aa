import type { Services } from "../lib/runtime.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { hashPassword } from "../lib/auth/passwords.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { insertUser } from "../models/users.ts";
import { measure, report } from "./http.ts";

/** Requests verified with a JWT (GET /api/me) against unauthenticated ones (GET /healthz). */
export async function benchAuth(services: Services) {
  const [{ id: orgId }] = await services.db.query<{ id: string }>(
    "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
    [`bench-auth-${crypto.randomUUID()}`],
  );
  const user = await insertUser(services.db, {
    orgId,
    email: `bench-${crypto.randomUUID().slice(0, 8)}@bench.local`,
    passwordHash: await hashPassword(crypto.randomUUID()),
    role: "analyst",
  });
  const { accessToken } = await startSession(services, user);
  const app = createApp(services, await loadIslandAssets());
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const auth = { authorization: `Bearer ${accessToken}` };
    await measure(`${base}/api/me`, 8, 300, auth); // warm-up
    await measure(`${base}/healthz`, 8, 300);
    const jwt = await measure(`${base}/api/me`, 32, 6000, auth);
    const open = await measure(`${base}/healthz`, 32, 6000);
    if (jwt.failures || open.failures) throw new Error("non-200 answers during the auth bench");
    return report(
      "JWT-verified GET /api/me",
      jwt.rps,
      "unauthenticated GET /healthz",
      open.rps,
      "req/s",
    );
  } finally {
    await server.shutdown();
  }
}
