/**
 * Webhooks: a receiver that fails twice and then succeeds records the alert exactly once, with a
 * valid signature and one Idempotency-Key across the attempts; the delivery log shows the
 * retries. Private targets are refused unless WEBHOOK_ALLOW_PRIVATE=on; secrets never come back.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { evaluateAlerts } from "../services/alerts.ts";
import { createWebhook, removeWebhook, runDueDeliveries } from "../services/webhooks.ts";
import { systemActor } from "../services/actor.ts";
import { notifyFeedAlerts } from "../services/feed_alerts.ts";
import {
  DOWN_AFTER_FAILURES,
  recordFeedFailure,
  recordFeedSuccess,
} from "../models/feed_status.ts";
import type { FeedName } from "../feeds/types.ts";
import { hotSituation } from "./support/situations.ts";

const SECRET = "whsec-test-0123456789abcdef";

async function hmacHex(secret: string, body: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

dbTest(
  "webhooks: a receiver failing twice records the alert once, signed; the log shows retries",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "webhooks");
    const auth = bearer(org.users.admin.token);
    // The receiver answers 500 twice, then 200 and records what it got.
    let calls = 0;
    const keys: string[] = [];
    const recorded: { body: string; signature: string | null; key: string | null }[] = [];
    const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      const body = await req.text();
      keys.push(req.headers.get("idempotency-key") ?? "");
      if (++calls <= 2) return new Response("busy", { status: 500 });
      recorded.push({
        body,
        signature: req.headers.get("x-festsafe-signature"),
        key: req.headers.get("idempotency-key"),
      });
      return new Response(null, { status: 204 });
    });
    try {
      const created = await app.request(
        "/api/webhooks",
        jsonInit("POST", {
          url: `http://127.0.0.1:${receiver.addr.port}/festsafe`,
          secret: SECRET,
          events: ["heat"],
        }, auth),
      );
      expect(created.status).toBe(201);
      expect(created.headers.get("content-type")).toContain("application/json");
      const hook = await created.json();
      expect(hook.secretHint).toBe("…cdef");
      expect(JSON.stringify(hook)).not.toContain(SECRET);

      const now = new Date();
      const changes = await evaluateAlerts(s, hotSituation(org.id, org.hospital, now));
      expect(changes).toEqual({ raised: 1, updated: 0, resolved: 0 });
      // The same situation again changes nothing: no second alert, no second delivery.
      expect(await evaluateAlerts(s, hotSituation(org.id, org.hospital, now))).toEqual({
        raised: 0,
        updated: 0,
        resolved: 0,
      });

      const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
      // Counted at the receiver: other organisations' due deliveries may go out in the same runs.
      const callsAt = async (seconds: number) => {
        await runDueDeliveries(s, at(seconds));
        return calls;
      };
      expect(await callsAt(1)).toBe(1);
      // Not due yet: the first retry waits 30 s.
      expect(await callsAt(20)).toBe(1);
      expect(await callsAt(32)).toBe(2);
      // The second retry waits 60 s more.
      expect(await callsAt(80)).toBe(2);
      expect(await callsAt(93)).toBe(3);
      // Delivered: never sent again.
      expect(await callsAt(5000)).toBe(3);
      expect(calls).toBe(3);
      expect(recorded).toHaveLength(1);
      const [got] = recorded;
      expect(got.signature).toBe(`sha256=${await hmacHex(SECRET, got.body)}`);
      expect(new Set(keys)).toEqual(new Set([got.key]));
      const payload = JSON.parse(got.body);
      expect(payload.type).toBe("alert.raised");
      expect(payload.id).toBe(got.key);
      expect(payload.alert).toMatchObject({
        kind: "heat",
        severity: "high",
        hospitalId: org.hospital.code,
        resolvedAt: null,
      });

      const log = await app.request(`/api/webhooks/${hook.id}/deliveries`, { headers: auth });
      expect(log.status).toBe(200);
      expect(log.headers.get("content-type")).toContain("application/json");
      const [delivery, ...more] = await log.json();
      expect(more).toEqual([]);
      expect(delivery).toMatchObject({ status: "delivered", attempts: 3, change: "raised" });
      expect(delivery.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([
        500,
        500,
        204,
      ]);
      expect(JSON.stringify(delivery)).not.toContain(SECRET);

      // Another organisation's admin sees neither the webhook nor its log.
      const other = await makeOrg(s, "webhooks-other");
      const theirs = await app.request(`/api/webhooks/${hook.id}/deliveries`, {
        headers: bearer(other.users.admin.token),
      });
      expect(theirs.status).toBe(404);
      await theirs.body?.cancel();
      const stored = await s.db.query<{ secret_enc: string }>(
        "SELECT secret_enc FROM webhooks WHERE id = $1",
        [hook.id],
      );
      expect(stored[0].secret_enc).not.toContain(SECRET);
    } finally {
      await receiver.shutdown();
    }
  },
);

dbTest(
  "webhooks: loopback and private targets are refused unless WEBHOOK_ALLOW_PRIVATE=on",
  async (s) => {
    const app = await buildTestApp({ ...s, config: { ...s.config, WEBHOOK_ALLOW_PRIVATE: "off" } });
    const org = await makeOrg(s, "webhooks-ssrf");
    for (
      const url of [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest",
        "http://[::1]/hook",
      ]
    ) {
      const res = await app.request(
        "/api/webhooks",
        jsonInit("POST", { url, secret: SECRET }, bearer(org.users.admin.token)),
      );
      expect([url, res.status]).toEqual([url, 422]);
      const body = await res.json();
      expect(body.error.details[0].path).toBe("url");
    }
    const coordinator = await app.request(
      "/api/webhooks",
      jsonInit(
        "POST",
        { url: "https://example.com/hook", secret: SECRET },
        bearer(org.users.coordinator.token),
      ),
    );
    expect(coordinator.status).toBe(403);
    await coordinator.body?.cancel();
  },
);

dbTest(
  "webhooks: a feed outage reaches every organisation's webhooks once, and its end too",
  async (s) => {
    const org = await makeOrg(s, "webhooks-feed");
    const hook = await createWebhook(s, { ...systemActor(org.id), orgId: org.id }, {
      url: "http://127.0.0.1:9/feed-hook",
      secret: SECRET,
      events: ["feed"],
    });
    const feed = `test_feed_${crypto.randomUUID().slice(0, 6)}` as FeedName;
    const deliveries = () =>
      s.db.query<{ change: string; body: string }>(
        "SELECT change, body FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at",
        [hook.id],
      );
    for (let i = 0; i < DOWN_AFTER_FAILURES + 2; i++) {
      const at = new Date(Date.now() + i * 1000);
      await recordFeedFailure(s.db, feed, "HTTP 503", at);
      await notifyFeedAlerts(s.db, feed, at);
    }
    const raised = await deliveries();
    expect(raised.map((d) => d.change)).toEqual(["raised"]);
    expect(JSON.parse(raised[0].body).alert).toMatchObject({ kind: "feed", regionWide: true });
    const at = new Date(Date.now() + 60_000);
    await recordFeedSuccess(s.db, feed, at);
    await notifyFeedAlerts(s.db, feed, at);
    await notifyFeedAlerts(s.db, feed, at);
    expect((await deliveries()).map((d) => d.change)).toEqual(["raised", "resolved"]);
    await removeWebhook(s, { ...systemActor(org.id), orgId: org.id }, hook.id);
  },
);
