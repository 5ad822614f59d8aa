import type { Handlers, PageProps } from "../../lib/framework/types.ts";
import { notFound } from "../../lib/http_error.ts";
import ArrivalsChart from "../../islands/ArrivalsChart.tsx";
import { getHospital, type Hospital } from "../../models/hospitals.ts";
import { arrivalSeries } from "../../models/observations.ts";
import { findDemoOrgId } from "../../models/orgs.ts";

interface Data {
  hospital: Hospital;
  points: { ts: string; value: number }[];
}

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const { db } = ctx.state;
    const orgId = ctx.state.user?.orgId ?? await findDemoOrgId(db);
    const hospital = orgId ? await getHospital(db, orgId, ctx.params.id) : null;
    if (!hospital) throw notFound("hospital");
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const series = await arrivalSeries(db, hospital.id, from, to);
    const points = series.map((p) => ({
      ts: new Date(p.ts).toISOString(),
      value: p.edArrivals,
    }));
    return ctx.render({ hospital, points });
  },
};

/** One hospital: its recent arrivals against capacity. */
export default function HospitalPage({ data }: PageProps<Data>) {
  const h = data.hospital;
  return (
    <>
      <h1>{h.name}</h1>
      <p class="muted">
        {h.edBeds} ED beds · {h.icuBeds} ICU beds · baseline staff {h.staffBaseline} ·{" "}
        {h.lat.toFixed(4)}, {h.lon.toFixed(4)}
      </p>
      <ArrivalsChart title="ED arrivals, last 7 days" points={data.points} />
    </>
  );
}
