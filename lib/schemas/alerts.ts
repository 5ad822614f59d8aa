/** GET /api/alerts and webhooks (CONTRACT.md). */
import { z } from "zod";
import { userId } from "./common.ts";

const isoTime = z.iso.datetime({ offset: true });

export const alertQuery = z.strictObject({
  state: z.enum(["open", "all"]).optional().meta({
    description: "open (default) or all: resolved ones too, newest first",
  }),
});

export const alertKinds = ["capacity", "heat", "air_quality", "feed", "data", "nedocs"] as const;

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

export const webhookFormatNames = ["festsafe", "cap", "slack", "teams"] as const;

export const webhookCreate = z.strictObject({
  url: z.string().min(1).max(2000),
  secret: z.string().min(16, "at least 16 characters").max(200).optional().meta({
    description: "HMAC key of the festsafe and cap formats (required for them); Slack and " +
      "Teams webhooks carry their secret in the URL and need none",
  }),
  format: z.enum(webhookFormatNames).default("festsafe").meta({
    description: "festsafe (signed JSON), cap (CAP 1.2 XML, signed the same way), slack or " +
      "teams (their incoming-webhook message shapes)",
  }),
  events: z.array(z.enum(alertKinds)).max(alertKinds.length).optional().meta({
    description: "alert kinds to send; all when absent or empty",
  }),
}).refine((w) => w.secret !== undefined || w.format === "slack" || w.format === "teams", {
  path: ["secret"],
  message: "required for the festsafe and cap formats",
}).meta({ id: "WebhookCreate" });

export const webhookOut = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  secretHint: z.string().meta({ description: "last characters of the secret" }),
  createdAt: isoTime,
  format: z.enum(webhookFormatNames),
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
  format: z.enum(webhookFormatNames).meta({ description: "the format it was written in" }),
  attemptLog: z.array(z.object({
    attempt: z.number().int(),
    at: isoTime,
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
  })),
}).meta({ id: "WebhookDelivery" });
