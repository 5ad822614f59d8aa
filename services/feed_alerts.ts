/**
 * Feed outages are region-wide alerts (models/feed_status.ts raises and resolves them); their
 * changes go to every organisation's webhooks that want `feed` alerts, once per change: the
 * Idempotency-Key is derived from the alert and the change, so repeated failing runs of the feeds
 * job never send the same outage twice.
 */
import type { Db } from "../infra/db.ts";
import { feedAlertsAt } from "../models/alerts.ts";
import { orgsWithWebhooks } from "../models/webhooks.ts";
import { enqueueDeliveries } from "../models/webhooks.ts";
import { alertJson } from "./alerts.ts";
import { kickDeliveries } from "./webhooks.ts";

/** A stable uuid for (alert, change): sha-256 of both, shaped as a version-8 uuid. */
async function changeKey(alertId: string, change: string): Promise<string> {
  const d = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${alertId}:${change}`)),
  );
  d[6] = (d[6] & 0x0f) | 0x80;
  d[8] = (d[8] & 0x3f) | 0x80;
  const h = Array.from(d.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Queues the feed's alert changes recorded at `at` for every organisation's webhooks. */
export async function notifyFeedAlerts(db: Db, feed: string, at: Date): Promise<number> {
  const alerts = await feedAlertsAt(db, feed, at);
  if (!alerts.length) return 0;
  let queued = 0;
  for (const orgId of await orgsWithWebhooks(db)) {
    for (const a of alerts) {
      const key = await changeKey(a.id, a.change);
      queued += await enqueueDeliveries(db, orgId, {
        kind: "feed",
        alertId: a.id,
        change: a.change,
        idempotencyKey: key,
        body: JSON.stringify({
          type: `alert.${a.change}`,
          id: key,
          organisation: orgId,
          occurredAt: at.toISOString(),
          alert: alertJson(a),
        }),
      });
    }
  }
  if (queued) kickDeliveries();
  return queued;
}
