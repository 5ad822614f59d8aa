import { define } from "../../lib/define.ts";
import { admins, everyone } from "../../lib/access.ts";
import { orgActor, orgOf } from "../../lib/caller.ts";
import { settingsOut, settingsPatch } from "../../lib/schemas/settings.ts";
import { changeSettings, settingsView } from "../../services/settings.ts";

export const handler = define.api({
  GET: define.operation({
    summary: "Organisation settings",
    description: "Length of stay, staffing ratios, shifts, surge limit, ambulance cycle, alert " +
      "thresholds and time zone, with their defaults and sources. The census, plans and alerts " +
      "use them; every recommendation's evidence names the ones it used.",
    tags: ["settings"],
    responses: { 200: { schema: settingsOut } },
    // Planning figures of the organisation, no personal data: no audit row per read.
    meta: { access: everyone, audit: false },
    async handler(ctx) {
      return await settingsView(ctx.state.db, orgOf(ctx.state));
    },
  }),
  PATCH: define.operation({
    summary: "Change organisation settings",
    description: "Any subset of the fields; `null` puts a field back to its default. Forecasts " +
      "and plans are rebuilt within seconds.",
    tags: ["settings"],
    body: { json: settingsPatch },
    responses: { 200: { schema: settingsOut } },
    meta: { access: admins, audit: { resource: "settings" } },
    async handler(ctx) {
      return await changeSettings(ctx.state, orgActor(ctx.state), ctx.body);
    },
  }),
});
