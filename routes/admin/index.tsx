import { define, type Handlers, type PageProps, type RouteContext } from "../../lib/define.ts";
import { HttpError } from "../../framework/http_error.ts";
import { type ApiKeyInfo, listApiKeys } from "../../lib/auth/api_keys.ts";
import { readForm, seeOther } from "../../lib/auth/page_forms.ts";
import { validate } from "../../framework/validation.ts";
import { apiKeyCreate, userCreate, userPatch } from "../../lib/schemas/accounts.ts";
import { admins } from "../../lib/access.ts";
import { orgActor, orgOf } from "../../lib/caller.ts";
import { listUsers, type User } from "../../models/users.ts";
import { createUser, issueApiKey, revokeApiKey, updateUser } from "../../services/accounts.ts";
import { UsersSection } from "../../components/admin/UsersSection.tsx";
import { ApiKeysSection } from "../../components/admin/ApiKeysSection.tsx";
import {
  numericSettings,
  SettingsSection,
  type SettingsView,
} from "../../components/admin/SettingsSection.tsx";
import { WebhooksSection } from "../../components/admin/WebhooksSection.tsx";
import { CalendarFeedSection } from "../../components/admin/CalendarFeedSection.tsx";
import type { CalendarFeedToken } from "../../models/calendar_feed.ts";
import {
  calendarTokenOf,
  issueCalendarToken,
  revokeCalendarToken,
} from "../../services/calendar_feed.ts";
import { changeSettings, orgTimezone, settingsView } from "../../services/settings.ts";
import { settingsPatch } from "../../lib/schemas/settings.ts";
import { webhookCreate } from "../../lib/schemas/alerts.ts";
import {
  createWebhook,
  listWebhooks,
  removeWebhook,
  webhookDeliveries,
} from "../../services/webhooks.ts";

interface Data {
  settings: SettingsView;
  hooks: Parameters<typeof WebhooksSection>[0]["hooks"];
  timeZone: string;
  users: User[];
  keys: ApiKeyInfo[];
  newKey?: string;
  error?: string;
  calendarFeed: CalendarFeedToken | null;
  /** The calendar feed's URL, in the answer that created it only. */
  newCalendarUrl?: string;
}

export const config = define.config({ access: admins, audit: { resource: "users" } });

async function load(ctx: RouteContext<Data>, orgId: string, extra: Partial<Data> = {}) {
  const { db } = ctx.state;
  const [users, keys, settings, webhooks, timeZone, calendarFeed] = await Promise.all([
    listUsers(db, orgId),
    listApiKeys(db, orgId),
    settingsView(db, orgId),
    listWebhooks(db, orgId),
    orgTimezone(db, orgId),
    calendarTokenOf(db, orgId),
  ]);
  const hooks = await Promise.all(webhooks.map(async (w) => ({
    ...w,
    deliveries: (await webhookDeliveries(db, orgId, w.id)).slice(0, 5),
  })));
  return { users, keys, settings, hooks, timeZone, calendarFeed, ...extra };
}

/** Runs one form action through the same services as the API; returns a new key to show once. */
async function act(ctx: RouteContext<Data>): Promise<Partial<Data>> {
  const form = await readForm(ctx.req);
  const who = orgActor(ctx.state);
  switch (form.action) {
    case "create_user":
      await createUser(
        ctx.state,
        who,
        validate(userCreate, { email: form.email, password: form.password, role: form.role }),
      );
      return {};
    case "update_user":
      await updateUser(
        ctx.state,
        who,
        form.id ?? "",
        validate(userPatch, { role: form.role, disabled: form.disabled === "true" }),
      );
      return {};
    case "create_key": {
      const key = await issueApiKey(
        ctx.state,
        who,
        validate(apiKeyCreate, { name: form.name, scopes: form.scope ? [form.scope] : undefined }),
      );
      return { newKey: key.key };
    }
    case "revoke_key":
      await revokeApiKey(ctx.state, who, form.id ?? "");
      return {};
    case "update_settings": {
      // Only what the form changed: saving it unchanged writes, audits and rebuilds nothing.
      const current = await settingsView(ctx.state.db, who.orgId);
      const patch = settingsFromForm(form, current);
      if (Object.keys(patch).length) {
        await changeSettings(ctx.state, who, validate(settingsPatch, patch));
      }
      return {};
    }
    case "create_webhook":
      await createWebhook(
        ctx.state,
        who,
        validate(webhookCreate, {
          url: form.url,
          secret: form.secret || undefined,
          format: form.format || undefined,
        }),
      );
      return {};
    case "delete_webhook":
      await removeWebhook(ctx.state, who, form.id ?? "");
      return {};
    case "create_calendar_feed": {
      const token = await issueCalendarToken(ctx.state, who);
      const origin = new URL(ctx.req.url).origin;
      return { newCalendarUrl: `${origin}/api/events.ics?token=${token}` };
    }
    case "revoke_calendar_feed":
      await revokeCalendarToken(ctx.state, who);
      return {};
  }
  throw new HttpError(422, "validation_failed", "unknown action", [
    {
      path: "action",
      message: "must be create_user, update_user, create_key, revoke_key, update_settings, " +
        "create_webhook, delete_webhook, create_calendar_feed or revoke_calendar_feed",
    },
  ]);
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render(await load(ctx, orgOf(ctx.state)));
  },
  async POST(ctx) {
    const orgId = orgOf(ctx.state);
    try {
      const shown = await act(ctx);
      // A new key is rendered in this answer only; everything else redirects (no re-post).
      if (!shown.newKey && !shown.newCalendarUrl) return seeOther("/admin");
      const res = ctx.render(await load(ctx, orgId, shown));
      res.headers.set("cache-control", "no-store");
      return res;
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500 || err.code === "csrf_failed") throw err;
      return ctx.render(await load(ctx, orgId, { error: err.message }), { status: err.status });
    }
  },
};

/** Organisation administration: users, API keys, planning settings and webhooks. */
export default function Admin({ data, state }: PageProps<Data>) {
  const csrf = state.csrf ?? "";
  return (
    <>
      {data.error && <p class="error" role="alert">{data.error}</p>}
      <UsersSection users={data.users} csrf={csrf} selfId={state.user?.id ?? ""} />
      <ApiKeysSection
        keys={data.keys}
        csrf={csrf}
        newKey={data.newKey}
        timeZone={data.timeZone}
      />
      <SettingsSection settings={data.settings} csrf={csrf} timeZone={data.timeZone} />
      <WebhooksSection hooks={data.hooks} csrf={csrf} timeZone={data.timeZone} />
      <CalendarFeedSection
        feed={data.calendarFeed}
        newUrl={data.newCalendarUrl}
        csrf={csrf}
        timeZone={data.timeZone}
      />
    </>
  );
}

/**
 * A settings form as a PATCH body holding only the fields whose value differs from `current`
 * (the values the form was shown with); an emptied field resets to the default (null).
 */
export function settingsFromForm(
  form: Record<string, string>,
  current: SettingsView,
): Record<string, unknown> {
  const now = current as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    const before = now[name];
    const same = Array.isArray(value) && Array.isArray(before)
      ? value.join(",") === before.join(",")
      : value === before;
    if (!same) patch[name] = value;
  };
  for (const f of numericSettings) {
    if (!(f.name in form)) continue;
    const raw = form[f.name].trim();
    put(f.name, raw === "" ? null : Number(raw));
  }
  if ("shiftStartHours" in form) {
    const raw = form.shiftStartHours.trim();
    put(
      "shiftStartHours",
      raw === "" ? null : raw.split(/[,\s]+/).filter(Boolean).map((x) => Number(x)),
    );
  }
  if ("timezone" in form) put("timezone", form.timezone.trim() || null);
  if ("nedocsAlertBand" in form) put("nedocsAlertBand", form.nedocsAlertBand || null);
  if ("estimateLengthOfStay" in form) {
    put("estimateLengthOfStay", form.estimateLengthOfStay === "true");
  }
  return patch;
}
