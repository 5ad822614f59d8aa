import type { PageProps } from "../lib/define.ts";
import HospitalBoard from "../islands/HospitalBoard.tsx";
import WallRefresh from "../islands/WallRefresh.tsx";
import { AlertList } from "../components/AlertList.tsx";
import { EmptyOrganisation } from "../components/EmptyOrganisation.tsx";
import type { OverviewData as Data } from "./(_overview)/load.ts";

// The overview's data, access rule and audit policy (routes/index.tsx): one definition.
export { config, handler } from "./index.tsx";

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
        <AlertList alerts={data.alerts} timeZone={data.timeZone} compact />
        {data.rows.length
          ? <HospitalBoard rows={data.rows} axis={data.axis} sort="soonest" />
          : <EmptyOrganisation role={state.user?.role} orgName={state.viewOrg?.name} />}
      </div>
    </div>
  );
}
