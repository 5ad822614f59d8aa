/**
 * How a queued alert change is written for a webhook (issue 18), chosen per webhook:
 * - `festsafe`: FestSafe's JSON, signed `X-FestSafe-Signature: sha256=<HMAC-SHA256 of the body>`;
 * - `cap`: the CAP 1.2 `alert` (application/cap+xml), signed the same way;
 * - `slack`: a Slack incoming-webhook message (`text` + Block Kit `blocks`). Slack authenticates
 *   incoming webhooks by the secret URL itself (https://hooks.slack.com/services/…), so no
 *   signature header is added;
 * - `teams`: a Microsoft Teams incoming-webhook / Workflows message (`type: "message"` with one
 *   Adaptive Card attachment), likewise authenticated by its secret URL.
 * The delivery engine (services/webhooks.ts) stays format-blind: it asks this module for the
 * body and headers of each attempt.
 */
import type { Queryable } from "../infra/db.ts";
import { capOfDelivery } from "./cap.ts";
import { signBody } from "./webhook_crypto.ts";

export const webhookFormats = ["festsafe", "cap", "slack", "teams"] as const;
export type WebhookFormat = typeof webhookFormats[number];

/** Formats whose receiver authenticates by the URL alone (no secret needed from the admin). */
export const urlAuthenticated = new Set<string>(["slack", "teams"]);

interface QueuedBody {
  type?: string;
  alert?: {
    kind?: string;
    severity?: string;
    title?: string;
    message?: string;
    hospitalId?: string | null;
    eventId?: string | null;
    startsAt?: string | null;
    endsAt?: string | null;
  };
}

const verb: Record<string, string> = {
  "alert.raised": "New alert",
  "alert.updated": "Alert updated",
  "alert.resolved": "Alert resolved",
};
const mark: Record<string, string> = {
  critical: "🔴",
  high: "🟠",
  medium: "🟡",
  low: "⚪",
  info: "⚪",
};

/** Plain words of a queued change: heading, message, facts. */
function words(q: QueuedBody) {
  const a = q.alert ?? {};
  const head = `${verb[q.type ?? ""] ?? "FestSafe"}: ${a.title ?? "test message"}`;
  const facts: [string, string][] = [];
  if (a.severity) facts.push(["Severity", a.severity]);
  if (a.kind) facts.push(["Kind", a.kind]);
  if (a.hospitalId) facts.push(["Hospital", a.hospitalId]);
  if (a.eventId) facts.push(["Event", a.eventId]);
  if (a.startsAt) facts.push(["From", a.startsAt]);
  if (a.endsAt) facts.push(["Until", a.endsAt]);
  return { head, message: a.message ?? "", facts, severity: a.severity ?? "info" };
}

/** A Slack incoming-webhook message (Block Kit; `text` is the notification fallback). */
export function slackMessage(q: QueuedBody) {
  const w = words(q);
  return {
    text: `${mark[w.severity] ?? ""} ${w.head}`.trim(),
    blocks: [
      { type: "header", text: { type: "plain_text", text: w.head.slice(0, 150), emoji: true } },
      ...(w.message
        ? [{ type: "section", text: { type: "mrkdwn", text: w.message.slice(0, 3000) } }]
        : []),
      ...(w.facts.length
        ? [{
          type: "section",
          fields: w.facts.slice(0, 10).map(([k, v]) => ({
            type: "mrkdwn",
            text: `*${k}*\n${v}`.slice(0, 2000),
          })),
        }]
        : []),
      { type: "context", elements: [{ type: "mrkdwn", text: "Sent by FestSafe" }] },
    ],
  };
}

/** A Teams message carrying one Adaptive Card (schema 1.4), as incoming webhooks take it. */
export function teamsMessage(q: QueuedBody) {
  const w = words(q);
  return {
    type: "message",
    attachments: [{
      contentType: "application/vnd.microsoft.card.adaptive",
      contentUrl: null,
      content: {
        $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
        type: "AdaptiveCard",
        version: "1.4",
        body: [
          {
            type: "TextBlock",
            text: w.head,
            weight: "Bolder",
            size: "Medium",
            wrap: true,
            color: w.severity === "critical" || w.severity === "high" ? "Attention" : "Default",
          },
          ...(w.message ? [{ type: "TextBlock", text: w.message, wrap: true }] : []),
          ...(w.facts.length
            ? [{ type: "FactSet", facts: w.facts.map(([title, value]) => ({ title, value })) }]
            : []),
        ],
      },
    }],
  };
}

/** Body and headers of one attempt of a queued delivery, in the webhook's format. */
export async function renderDelivery(
  db: Queryable,
  d: { orgId: string; format: string; body: string; idempotencyKey: string },
  secret: string,
): Promise<{ body: string; headers: Record<string, string> }> {
  const json = "application/json";
  const idem = { "idempotency-key": d.idempotencyKey };
  if (d.format === "slack" || d.format === "teams") {
    const q = JSON.parse(d.body) as QueuedBody;
    const body = JSON.stringify(d.format === "slack" ? slackMessage(q) : teamsMessage(q));
    return { body, headers: { "content-type": json, ...idem } };
  }
  if (d.format === "cap") {
    const cap = await capOfDelivery(db, d.orgId, d.body);
    const body = cap ?? d.body;
    return {
      body,
      headers: {
        "content-type": cap ? "application/cap+xml; charset=utf-8" : json,
        "x-festsafe-signature": await signBody(secret, body),
        ...idem,
      },
    };
  }
  return {
    body: d.body,
    headers: {
      "content-type": json,
      "x-festsafe-signature": await signBody(secret, d.body),
      ...idem,
    },
  };
}

/**
 * The URL as shown back to admins: for Slack and Teams the URL is the secret, so only its origin
 * and last four characters are shown (like the other formats' secret hint).
 */
export function shownWebhookUrl(url: string, format: string): string {
  if (!urlAuthenticated.has(format)) return url;
  try {
    return `${new URL(url).origin}/…${url.slice(-4)}`;
  } catch {
    return "…";
  }
}
