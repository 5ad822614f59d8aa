import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { viewerOrgId } from "../lib/caller.ts";
import { listAlerts } from "../models/alerts.ts";
import { alertJson } from "../services/alerts.ts";
import { orgSettings, orgTimezone } from "../services/settings.ts";
import LiveAlerts, { type AlertItem } from "../islands/LiveAlerts.tsx";
import { formatTemperature, METRIC, type Units } from "../domain/units.ts";
import { orgUnits } from "../lib/org_units.ts";

interface Data {
  alerts: AlertItem[];
  timeZone: string;
  live: boolean;
  thresholds: { capacityAlertShare: number; heatAlertIndexC: number; aqiAlert: number } | null;
  units: Units;
}

export const config = define.config({ access: anyone, audit: { resource: "alerts" } });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    if (!orgId) {
      return ctx.render({
        alerts: [],
        timeZone: "UTC",
        live: false,
        thresholds: null,
        units: METRIC,
      });
    }
    const [alerts, timeZone, settings, units] = await Promise.all([
      listAlerts(ctx.state.db, orgId, { state: "all", limit: 200 }),
      orgTimezone(ctx.state.db, orgId),
      orgSettings(ctx.state.db, orgId),
      orgUnits(ctx.state, orgId),
    ]);
    return ctx.render({
      alerts: alerts.map(alertJson),
      timeZone,
      live: Boolean(ctx.state.user),
      thresholds: settings,
      units,
    });
  },
};

/** Alerts: capacity, heat, air quality and feed outages, live for signed-in users. */
export default function AlertsPage({ data }: PageProps<Data>) {
  const t = data.thresholds;
  return (
    <>
      <h1>Alerts</h1>
      <p class="muted">
        Raised once when a condition starts, updated while it holds, resolved when it clears: a
        hospital's median census forecast at{" "}
        {t ? `${Math.round(t.capacityAlertShare * 100)} %` : "the threshold"}{" "}
        of its staffed beds or more within 72 h, a heat index of{" "}
        {formatTemperature(t?.heatAlertIndexC ?? 39, data.units)} or more, an AQI of{" "}
        {t?.aqiAlert ?? 151}{" "}
        or more at a hospital or during an outdoor event, and feed outages. Times in{" "}
        {data.timeZone}. Admins send them to webhooks (Administration).
      </p>
      <LiveAlerts alerts={data.alerts} timeZone={data.timeZone} live={data.live} />
    </>
  );
}
