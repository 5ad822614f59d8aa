import type { Handlers } from "../../../../framework/types.ts";
import { requestHospital, storedOrLiveForecast } from "../../../../services/forecasts.ts";

export const handler: Handlers = {
  /** The hospital's latest 72 h forecast: {hospitalId, modelVersion, issuedAt, capacity, points}. */
  async GET(ctx) {
    const { orgId, hospital } = await requestHospital(ctx.state, ctx.params.id);
    return Response.json(await storedOrLiveForecast(ctx.state, orgId, hospital));
  },
};
