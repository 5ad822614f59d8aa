/**
 * Webhook formats (issue 18): one organisation with a festsafe, a cap, a slack and a teams
 * webhook; an alert raised, updated and resolved reaches each receiver in its shape. The Slack
 * and Teams receivers validate the incoming-webhook message shapes those services document and
 * answer as they do (Slack 400 `invalid_payload`, Teams 400) when a message does not fit; the CAP
 * receiver checks the signature and follows the Cancel back to the Alert.
 */
import { expect } from "expect";
import { DOMParser } from "@xmldom/xmldom";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { evaluateAlerts } from "../services/alerts.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { runDueDeliveries } from "../services/webhooks.ts";
import { hotSituation } from "./support/situations.ts";

const SECRET = "whsec-formats-0123456789abcdef";
const CAP = "urn:oasis:names:tc:emergency:cap:1.2";

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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number) =>
  typeof v === "string" && v.length > 0 && v.length <= max;

/**
 * Slack incoming webhooks (api.slack.com/messaging/webhooks, Block Kit reference): a JSON object
 * with `text` and/or `blocks`; header text is plain_text ≤ 150; section text ≤ 3000 or ≤ 10
 * fields; context elements; unknown block types are refused.
 */
export function slackProblems(m: unknown): string[] {
  if (!isObject(m)) return ["not an object"];
  const out: string[] = [];
  if (!isText(m.text, 40_000) && !Array.isArray(m.blocks)) out.push("no text");
  const textObj = (t: unknown, kinds: string[], max: number) =>
    isObject(t) && kinds.includes(t.type as string) && isText(t.text, max);
  for (const b of (m.blocks as unknown[]) ?? []) {
    if (!isObject(b)) {
      out.push("block not an object");
      continue;
    }
    if (b.type === "header") {
      if (!textObj(b.text, ["plain_text"], 150)) out.push("bad header");
    } else if (b.type === "section") {
      const ok = b.text !== undefined
        ? textObj(b.text, ["plain_text", "mrkdwn"], 3000)
        : Array.isArray(b.fields) && b.fields.length > 0 && b.fields.length <= 10 &&
          b.fields.every((f) => textObj(f, ["plain_text", "mrkdwn"], 2000));
      if (!ok) out.push("bad section");
    } else if (b.type === "context") {
      if (
        !Array.isArray(b.elements) ||
        !b.elements.every((e) => textObj(e, ["plain_text", "mrkdwn"], 3000))
      ) out.push("bad context");
    } else out.push(`unknown block ${String(b.type)}`);
  }
  return out;
}

/**
 * Teams incoming webhooks / Workflows (learn.microsoft.com, "Create an Incoming Webhook"):
 * `{type: "message", attachments: [{contentType: "application/vnd.microsoft.card.adaptive",
 * content: AdaptiveCard}]}`; the card's body elements checked here are TextBlock and FactSet.
 */
export function teamsProblems(m: unknown): string[] {
  if (!isObject(m) || m.type !== "message") return ["not a message"];
  if (!Array.isArray(m.attachments) || m.attachments.length === 0) return ["no attachments"];
  const out: string[] = [];
  for (const a of m.attachments) {
    if (!isObject(a) || a.contentType !== "application/vnd.microsoft.card.adaptive") {
      out.push("not an adaptive card attachment");
      continue;
    }
    const c = a.content;
    if (!isObject(c) || c.type !== "AdaptiveCard" || typeof c.version !== "string") {
      out.push("bad card");
      continue;
    }
    if (!Array.isArray(c.body) || c.body.length === 0) out.push("empty card");
    for (const e of (c.body as unknown[]) ?? []) {
      if (isObject(e) && e.type === "TextBlock" && isText(e.text, 100_000)) continue;
      if (
        isObject(e) && e.type === "FactSet" && Array.isArray(e.facts) &&
        e.facts.every((f) => isObject(f) && isText(f.title, 1000) && isText(f.value, 10_000))
      ) continue;
      out.push("bad body element");
    }
  }
  return out;
}

Deno.test("the Slack and Teams shape checks refuse what those services refuse", () => {
  expect(slackProblems({})).toEqual(["no text"]);
  expect(
    slackProblems({ text: "x", blocks: [{ type: "header", text: { type: "mrkdwn", text: "x" } }] }),
  )
    .toEqual(["bad header"]);
  expect(teamsProblems({ text: "x" })).toEqual(["not a message"]);
  expect(teamsProblems({ type: "message", attachments: [{ contentType: "text/plain" }] }))
    .toEqual(["not an adaptive card attachment"]);
});

dbTest(
  "webhook formats: festsafe, cap, slack and teams receivers each get their shape",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "formats");
    const auth = bearer(org.users.admin.token);
    const got: Record<string, { body: string; type: string; signature: string | null }[]> = {
      festsafe: [],
      cap: [],
      slack: [],
      teams: [],
    };
    const refused: string[] = [];
    const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      const format = new URL(req.url).pathname.split("/")[1];
      const body = await req.text();
      const type = req.headers.get("content-type") ?? "";
      if (format === "slack" || format === "teams") {
        let problems: string[];
        try {
          problems = format === "slack"
            ? slackProblems(JSON.parse(body))
            : teamsProblems(JSON.parse(body));
        } catch {
          problems = ["not JSON"];
        }
        if (!type.startsWith("application/json")) problems.push("not application/json");
        if (problems.length) {
          refused.push(`${format}: ${problems.join(", ")}`);
          return new Response(format === "slack" ? "invalid_payload" : "Bad payload", {
            status: 400,
          });
        }
      }
      got[format]?.push({ body, type, signature: req.headers.get("x-festsafe-signature") });
      return format === "teams" ? new Response(null, { status: 202 }) : new Response("ok");
    });
    try {
      const base = `http://127.0.0.1:${receiver.addr.port}`;
      const hooks: Record<string, string> = {};
      for (const format of ["festsafe", "cap", "slack", "teams"]) {
        const res = await app.request(
          "/api/webhooks",
          jsonInit("POST", {
            url: `${base}/${format}/hook`,
            format,
            events: ["heat"],
            ...(format === "festsafe" || format === "cap" ? { secret: SECRET } : {}),
          }, auth),
        );
        expect(res.status).toBe(201);
        const hook = await res.json();
        expect(hook.format).toBe(format);
        // Slack and Teams URLs are their secret: only the origin and last characters come back.
        expect(hook.url).toBe(
          format === "slack" || format === "teams" ? `${base}/…hook` : `${base}/${format}/hook`,
        );
        hooks[format] = hook.id;
      }
      const noSecret = await app.request(
        "/api/webhooks",
        jsonInit("POST", { url: `${base}/cap/x`, format: "cap" }, auth),
      );
      expect(noSecret.status).toBe(422);
      expect((await noSecret.json()).error.details[0].path).toBe("secret");

      // Raised, updated (hotter), resolved (cool, and still cool once settings.alertClearHours
      // have passed: alerts do not flap): three changes, each delivered to all four.
      const now = new Date();
      const cleared = new Date(
        now.getTime() + (DEFAULT_SETTINGS.alertClearHours * 60 + 1) * 60_000,
      );
      for (const [heat, at] of [[42, now], [45, now], [30, now], [30, cleared]] as const) {
        await evaluateAlerts(s, hotSituation(org.id, org.hospital, at, heat));
        await runDueDeliveries(s, new Date(Date.now() + 1000));
      }
      expect(refused).toEqual([]);
      for (const f of Object.keys(got)) expect(got[f].length).toBe(3);

      for (const d of [...got.festsafe, ...got.cap]) {
        expect(d.signature).toBe(`sha256=${await hmacHex(SECRET, d.body)}`);
      }
      expect(got.slack.every((d) => d.signature === null)).toBe(true);
      expect(JSON.parse(got.festsafe[0].body).type).toBe("alert.raised");
      const slack = got.slack.map((d) => JSON.parse(d.body).text as string);
      expect(slack[0]).toContain("New alert");
      expect(slack[1]).toContain("Alert updated");
      expect(slack[2]).toContain("Alert resolved");
      const teams = JSON.parse(got.teams[2].body);
      expect(teams.attachments[0].content.body[0].text).toContain("Alert resolved");

      const caps = got.cap.map((d) => {
        expect(d.type).toContain("application/cap+xml");
        const root = new DOMParser().parseFromString(d.body, "text/xml").documentElement!;
        expect(root.namespaceURI).toBe(CAP);
        const field = (n: string) => root.getElementsByTagNameNS(CAP, n)[0]?.textContent ?? null;
        return {
          msgType: field("msgType"),
          identifier: field("identifier"),
          sender: field("sender"),
          sent: field("sent"),
          references: field("references"),
          category: field("category"),
          circle: field("circle"),
        };
      });
      expect(caps.map((c) => c.msgType)).toEqual(["Alert", "Update", "Cancel"]);
      expect(caps[0].references).toBeNull();
      expect(caps[0].circle).toBe(`${org.hospital.lat},${org.hospital.lon} 25`);
      const first = `${caps[0].sender},${caps[0].identifier},${caps[0].sent}`;
      expect(caps[1].references).toBe(first);
      expect(caps[2].references).toBe(first);

      // The delivery log of each webhook says the format it was written in.
      for (const [format, id] of Object.entries(hooks)) {
        const res = await app.request(`/api/webhooks/${id}/deliveries`, { headers: auth });
        expect(res.status).toBe(200);
        const log = await res.json();
        expect(log.length).toBe(3);
        for (const d of log) {
          expect(d.format).toBe(format);
          expect(d.status).toBe("delivered");
        }
      }
    } finally {
      await receiver.shutdown();
    }
  },
);
