import { AdminForm } from "./AdminForm.tsx";
import type { Webhook } from "../../models/webhooks.ts";
import type { DeliveryLog } from "../../models/webhooks.ts";
import { formatTime } from "../../domain/time_format.ts";
import { shownWebhookUrl } from "../../services/webhook_formats.ts";

/** Webhooks of the organisation with their latest deliveries; register or delete one. */
export function WebhooksSection(
  { hooks, csrf, timeZone }: {
    hooks: (Webhook & { deliveries: DeliveryLog[] })[];
    csrf: string;
    timeZone: string;
  },
) {
  return (
    <section id="webhooks">
      <h2>Webhooks</h2>
      <p class="muted">
        Every alert raised, updated or resolved is POSTed in the webhook's format: FestSafe JSON or
        CAP 1.2 XML, signed with{" "}
        <code>X-FestSafe-Signature: sha256=&lt;HMAC-SHA256 of the body&gt;</code>, with an{" "}
        <code>Idempotency-Key</code>{" "}
        per alert change, or a Slack or Teams message (their secret URL authenticates it); retried
        with backoff (30 s, 1 min, 2 min … up to 8 attempts).
      </p>
      {hooks.map((h) => (
        <div class="webhook" data-webhook={h.id}>
          <p>
            <code>{shownWebhookUrl(h.url, h.format)}</code> ·{" "}
            <span data-testid="webhook-format">{h.format}</span> ·{" "}
            {h.events.length ? h.events.join(", ") : "all alerts"} · secret {h.secretHint}{" "}
            <AdminForm csrf={csrf} action="delete_webhook" inline>
              <input type="hidden" name="id" value={h.id} />
              <button type="submit">Delete</button>
            </AdminForm>
          </p>
          {h.deliveries.length
            ? (
              <table>
                <thead>
                  <tr>
                    <th>Queued</th>
                    <th>Change</th>
                    <th>Format</th>
                    <th>Status</th>
                    <th>Attempts</th>
                    <th>Last answer</th>
                  </tr>
                </thead>
                <tbody>
                  {h.deliveries.map((d) => (
                    <tr>
                      <td>{formatTime(d.createdAt, timeZone)}</td>
                      <td>{d.change}</td>
                      <td>{d.format}</td>
                      <td>{d.status}</td>
                      <td>{d.attempts}</td>
                      <td class="muted">{d.lastStatus ?? "—"} {d.lastError ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
            : <p class="muted">No deliveries yet.</p>}
        </div>
      ))}
      <AdminForm csrf={csrf} action="create_webhook" inline>
        <input name="url" type="url" placeholder="https://…" required aria-label="Webhook URL" />
        <select name="format" aria-label="Webhook format">
          <option value="festsafe">FestSafe JSON (signed)</option>
          <option value="cap">CAP 1.2 XML (signed)</option>
          <option value="slack">Slack incoming webhook</option>
          <option value="teams">Microsoft Teams incoming webhook</option>
        </select>
        <input
          name="secret"
          type="password"
          minLength={16}
          placeholder="secret (16+ characters; not for Slack/Teams)"
          aria-label="Webhook secret"
        />
        <button type="submit">Add webhook</button>
      </AdminForm>
    </section>
  );
}
