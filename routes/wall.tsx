import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import HospitalBoard from "../islands/HospitalBoard.tsx";
import WallRefresh from "../islands/WallRefresh.tsx";
import { AlertList } from "../components/AlertList.tsx";
import { EmptyOrganisation } from "../components/EmptyOrganisation.tsx";
import { loadOverview, type OverviewData as Data } from "./(_overview)/load.ts";

/** The same data, access and audit as the overview (routes/index.tsx). */
export const config = define.config({
  access: anyone,
  audit: { resource: "observations" },
  cache: true,
});

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render(await loadOverview(ctx));
  },
};

/**
 * The overview for a wall screen in an emergency operations centre: large type, no navigation,
 * alerts, readiness and the 72-hour timeline only, kept current by the live stream.
 */
export default function Wall({ data, state }: PageProps<Data>) {
  return (
    <div class="wall">
      <div class="wall-head">
        <h1>ED readiness{state.viewOrg ? ` — ${state.viewOrg.name}` : ""}</h1>
        <WallRefresh live={data.live} timeZone={data.timeZone} />
        <a href="/" class="no-print">Leave wall view</a>
      </div>
      <div id="wall-content">
        <AlertList alerts={data.alerts} timeZone={data.timeZone} />
        {data.rows.length
          ? <HospitalBoard rows={data.rows} axis={data.axis} sort="soonest" />
          : <EmptyOrganisation role={state.user?.role} orgName={state.viewOrg?.name} />}
      </div>
    </div>
  );
}
