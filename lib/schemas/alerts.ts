/** GET /api/alerts and webhooks (CONTRACT.md). */
import { z } from "zod";
import { userId } from "./common.ts";

const isoTime = z.iso.datetime({ offset: true });

export const alertQuery = z.strictObject({
  state: z.enum(["open", "all"]).optional().meta({
    description: "open (default) or all: resolved ones too, newest first",
  }),
});

export const alertKinds = ["capacity", "heat", "air_quality", "feed", "nedocs"] as const;

export const alertOut = z.object({
  id: z.string(),
  kind: z.enum(alertKinds),
  severity: z.enum(["critical", "high", "medium", "low", "info"]),
  hospitalId: userId.nullable().meta({ description: "the organisation's id of the hospital" }),
  eventId: userId.nullable().meta({ description: "the organisation's id of the event" }),
  startsAt: isoTime.nullable().meta({ description: "first hour of the condition" }),
  endsAt: isoTime.nullable().meta({ description: "end of its last hour" }),
  title: z.string(),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()).meta({
    description: "figures behind it, incl. the settings (thresholds) used",
  }),
  raisedAt: isoTime,
  updatedAt: isoTime.nullable(),
  resolvedAt: isoTime.nullable(),
  resource: z.string().nullable(),
  createdAt: isoTime.meta({ description: "same as raisedAt (kept for older clients)" }),
  regionWide: z.boolean().meta({ description: "feed outages, shown to every organisation" }),
}).meta({ id: "Alert" });

export const webhookCreate = z.strictObject({
  url: z.string().min(1).max(2000),
  secret: z.string().min(16, "at least 16 characters").max(200),
  events: z.array(z.enum(alertKinds)).max(alertKinds.length).optional().meta({
    description: "alert kinds to send; all when absent or empty",
  }),
}).meta({ id: "WebhookCreate" });

export const webhookOut = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  secretHint: z.string().meta({ description: "last characters of the secret" }),
  createdAt: isoTime,
}).meta({ id: "Webhook" });

export const deliveryOut = z.object({
  id: z.uuid(),
  alertId: z.string().nullable(),
  change: z.enum(["raised", "updated", "resolved", "test"]),
  idempotencyKey: z.uuid(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: isoTime.nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  deliveredAt: isoTime.nullable(),
  attemptLog: z.array(z.object({
    attempt: z.number().int(),
    at: isoTime,
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
  })),
}).meta({ id: "WebhookDelivery" });
