/**
 * Webhooks that cannot hold others up (issue 21): one organisation's ten webhooks pointing at a
 * server that accepts connections and never answers delayed every other organisation's deliveries
 * by 34–84 s. Deliveries now run concurrently under a per-organisation cap, leased for longer
 * than an attempt; an organisation has a bounded number of webhooks; the request goes to the
 * address that was checked.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { createWebhook, queueAlertChange, runDueDeliveries } from "../services/webhooks.ts";
import { systemActor } from "../services/actor.ts";
import { sendPinned } from "../services/webhook_send.ts";
import type { Services } from "../lib/runtime.ts";

const SECRET = "whsec-isolation-0123456789abcdef";

/** A TCP server that accepts connections and never answers (counts them, keeps them open). */
function silentServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  let most = 0, closed = false;
  (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      most = Math.max(most, conns.length);
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    open: () => conns.length,
    most: () => most,
    close() {
      if (closed) return;
      closed = true;
      listener.close();
      for (const c of conns) c.close();
    },
  };
}

const queue = (s: Services, orgId: string) =>
  s.db.transaction((tx) =>
    queueAlertChange(tx, orgId, {
      kind: "heat",
      alertId: crypto.randomUUID(),
      change: "raised",
      alert: { kind: "heat", test: true },
      at: new Date(),
    })
  );

async function until(check: () => boolean | Promise<boolean>, what: string, tries = 400) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

dbTest(
  "webhooks: an organisation whose receiver never answers does not delay another's delivery",
  async (s) => {
    const deps = {
      ...s,
      config: { ...s.config, WEBHOOK_TIMEOUT_MS: 10_000, WEBHOOK_ORG_CONCURRENCY: 2 },
    };
    const silent = silentServer();
    let arrived!: () => void;
    const arrival = new Promise<void>((r) => arrived = r);
    const fast = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      await req.text();
      arrived();
      return new Response(null, { status: 204 });
    });
    let run: Promise<unknown> | undefined;
    try {
      const slowOrg = await makeOrg(s, "hooks-slow");
      const fastOrg = await makeOrg(s, "hooks-fast");
      for (let i = 0; i < 10; i++) {
        await createWebhook(deps, { ...systemActor(slowOrg.id), orgId: slowOrg.id }, {
          url: `http://127.0.0.1:${silent.port}/hook-${i}`,
          secret: SECRET,
        });
      }
      await createWebhook(deps, { ...systemActor(fastOrg.id), orgId: fastOrg.id }, {
        url: `http://127.0.0.1:${fast.addr.port}/hook`,
        secret: SECRET,
      });
      // The slow organisation's ten deliveries are queued first, the other's after them.
      expect(await queue(s, slowOrg.id)).toBe(10);
      expect(await queue(s, fastOrg.id)).toBe(1);
      run = runDueDeliveries(deps);
      // The slow receiver's timeout is the bound: the delivery must come well before it.
      const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000));
      expect(await Promise.race([arrival.then(() => "arrived" as const), timeout])).toBe(
        "arrived",
      );
      // When it arrived, no attempt at the silent receiver had ended…
      const [slowAttempts] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_attempts a
         JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.org_id = $1`,
        [slowOrg.id],
      );
      expect(slowAttempts.n).toBe(0);
      // …and the slow organisation had exactly its cap in flight, each leased past its timeout.
      await until(() => silent.open() === 2, "two connections to the silent receiver");
      const [leased] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE org_id = $1
           AND status = 'pending' AND leased_until > now() + interval '10 seconds'`,
        [slowOrg.id],
      );
      expect(leased.n).toBe(2);
      expect(silent.most()).toBe(2);
      // Closing the silent server ends its attempts (reset, then refused): the run finishes.
      silent.close();
      await run;
      const states = await s.db.query<{ org: string; status: string; attempts: number }>(
        `SELECT CASE WHEN org_id = $1 THEN 'slow' ELSE 'fast' END AS org, status, attempts
         FROM webhook_deliveries WHERE org_id IN ($1, $2) ORDER BY org, status`,
        [slowOrg.id, fastOrg.id],
      );
      expect(states.filter((d) => d.org === "fast")).toEqual([
        { org: "fast", status: "delivered", attempts: 1 },
      ]);
      const slow = states.filter((d) => d.org === "slow");
      expect(slow).toHaveLength(10);
      expect(slow.every((d) => d.status === "pending" && d.attempts === 1)).toBe(true);
      expect(silent.most()).toBe(2);
    } finally {
      silent.close();
      await run?.catch(() => {});
      await fast.shutdown();
    }
  },
);

dbTest(
  "webhooks: an organisation may register at most WEBHOOKS_PER_ORG (409 beyond)",
  async (s) => {
    const app = await buildTestApp({ ...s, config: { ...s.config, WEBHOOKS_PER_ORG: 3 } });
    const org = await makeOrg(s, "hooks-cap");
    const post = (i: number) =>
      app.request(
        "/api/webhooks",
        jsonInit(
          "POST",
          { url: `http://127.0.0.1:9/cap-${i}`, secret: SECRET },
          bearer(org.users.admin.token),
        ),
      );
    for (let i = 0; i < 3; i++) {
      const res = await post(i);
      expect(res.status).toBe(201);
      await res.body?.cancel();
    }
    const refused = await post(3);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toContain("application/json");
    const body = await refused.json();
    expect(body.error.code).toBe("webhook_limit");
    expect(body.error.message).toContain("3 webhooks");
    const [{ n }] = await s.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhooks WHERE org_id = $1 AND deleted_at IS NULL",
      [org.id],
    );
    expect(n).toBe(3);
  },
);

Deno.test("webhooks: the request goes to the pinned address, never to a new lookup", async () => {
  // A name that can never resolve (RFC 6761 .invalid): only the pinned address can answer.
  const seen: string[] = [];
  const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    seen.push(`${req.headers.get("host")} ${new URL(req.url).pathname} ${await req.text()}`);
    return new Response(null, { status: 202 });
  });
  try {
    const url = new URL(`http://hooks.festsafe.invalid:${receiver.addr.port}/in?x=1`);
    const status = await sendPinned(
      { url, host: url.hostname, address: "127.0.0.1", family: 4 },
      { headers: { "content-type": "application/json" }, body: '{"a":1}' },
      AbortSignal.timeout(10_000),
    );
    expect(status).toBe(202);
    expect(seen).toEqual([`hooks.festsafe.invalid:${receiver.addr.port} /in {"a":1}`]);
  } finally {
    await receiver.shutdown();
  }
});
