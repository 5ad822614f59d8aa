import type { Handlers } from "../../framework/types.ts";
import { requestOrgId } from "../../services/forecasts.ts";
import { listOpenAlerts } from "../../models/alerts.ts";

export const handler: Handlers = {
  /** Open alerts: the caller's organisation's and the region-wide ones (feed outages). */
  async GET(ctx) {
    const orgId = await requestOrgId(ctx.state);
    return Response.json(await listOpenAlerts(ctx.state.db, orgId));
  },
};
