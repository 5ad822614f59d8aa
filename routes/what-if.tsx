import { define, type Handlers, type PageProps } from "../lib/define.ts";
import { anyone } from "../lib/access.ts";
import { viewerHospital, viewerOrgId } from "../lib/caller.ts";
import WhatIf, { type WhatIfProps } from "../islands/WhatIf.tsx";
import { listHospitals } from "../models/hospitals.ts";
import { type FestEvent, listEvents } from "../models/events.ts";
import { capacityOf } from "../ml/forecaster.ts";
import { scenarioToJson } from "../ml/what_if_inputs.ts";
import { modelForHospital, orgModels } from "../ml/registry.ts";
import { MAX_AHEAD_DAYS, whatIfSetup } from "../services/what_if.ts";
import { formatDateTime, localDay, zonedMidnight } from "../domain/time_format.ts";
import { orgUnits } from "../lib/org_units.ts";

interface Data {
  hospitals: { id: string; code: string; name: string }[];
  selected: string;
  name: string;
  events: { code: string; name: string; when: string }[];
  event: string;
  date: string;
  minDate: string;
  maxDate: string;
  whatIf: WhatIfProps | null;
}

export const config = define.config({ access: anyone, audit: { resource: "forecasts" } });

const HOUR = 3_600_000;
/** A window for an event starts this long before it (the lead-in and the event fit in 72 h). */
const EVENT_LEAD_HOURS = 12;

export const handler: Handlers<Data> = {
  /**
   * Everything the browser needs to recompute a hospital's 72 h forecast, census and plan for
   * the chosen window with no further server calls: the inputs POST /api/forecast/what-if
   * builds, the model's feature spec and the URL of its ONNX artifact.
   */
  async GET(ctx) {
    const { db } = ctx.state;
    const q = ctx.url.searchParams;
    const orgId = await viewerOrgId(ctx.state);
    const hospitals = orgId ? await listHospitals(db, orgId) : [];
    const wanted = q.get("hospital") ?? hospitals[0]?.code;
    const now = new Date();
    const empty = {
      hospitals: [],
      selected: "",
      name: "",
      events: [],
      event: "",
      date: "",
      minDate: "",
      maxDate: "",
      whatIf: null,
    };
    if (!wanted || !orgId) return ctx.render(empty);
    const { hospital: h } = await viewerHospital(ctx.state, wanted);
    const upcoming: FestEvent[] = await listEvents(db, orgId, {
      from: now,
      to: new Date(now.getTime() + MAX_AHEAD_DAYS * 86_400_000),
    });
    const event = upcoming.find((e) => e.code === q.get("event"));
    const date = q.get("date") ?? "";
    const start = event
      ? new Date(new Date(event.startsAt).getTime() - EVENT_LEAD_HOURS * HOUR)
      : /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? zonedMidnight(date, h.timezone)
      : null;
    const [models, setup, units] = await Promise.all([
      orgModels(db, orgId),
      whatIfSetup(db, orgId, h, start, now),
      orgUnits(ctx.state, orgId),
    ]);
    // The model that forecasts this hospital: the organisation's own or the global one.
    const model = modelForHospital(models, h.id);
    const { vendor = {} } = ctx.state.assets;
    return ctx.render({
      hospitals: hospitals.map((x) => ({ id: x.id, code: x.code, name: x.name })),
      selected: h.code,
      name: h.name,
      events: upcoming.map((e) => ({
        code: e.code,
        name: e.name,
        when: formatDateTime(e.startsAt, h.timezone),
      })),
      event: event?.code ?? "",
      date: event ? "" : date,
      minDate: localDay(now, h.timezone),
      maxDate: localDay(new Date(now.getTime() + (MAX_AHEAD_DAYS - 1) * 86_400_000), h.timezone),
      whatIf: setup.enough
        ? {
          hospitalId: h.code,
          issuedAt: setup.origin.toISOString(),
          capacity: Math.round(capacityOf(h) * 100) / 100,
          hospital: {
            code: h.code,
            name: h.name,
            edBeds: h.edBeds,
            staffBaseline: h.staffBaseline,
            timezone: h.timezone,
          },
          settings: setup.settings,
          censusHistory: setup.censusHistory,
          names: setup.names,
          windowNote: setup.window.note,
          modelVersion: model.version,
          modelSha256: model.sha256,
          spec: model.spec,
          inputs: scenarioToJson(setup.scenario, new Map(Object.entries(setup.names))),
          modelUrl: `/models/current.onnx?hospital=${encodeURIComponent(h.code)}&v=${
            model.sha256.slice(0, 16)
          }`,
          ortUrl: vendor.ortModule,
          ortGlueUrl: vendor.ortGlue,
          ortWasmUrl: vendor.ortWasm,
          units,
        }
        : null,
    });
  },
};

/** What-if: a chosen window's forecast, census and plan recomputed in the browser. */
export default function WhatIfPage({ data }: PageProps<Data>) {
  return (
    <>
      <h1>What-if{data.name && `: ${data.name}`}</h1>
      <form method="get" action="/what-if" class="what-if-pick" data-testid="what-if-pick">
        <label>
          Hospital{" "}
          <select name="hospital">
            {data.hospitals.map((h) => (
              <option value={h.code} selected={h.code === data.selected}>{h.name}</option>
            ))}
          </select>
        </label>{" "}
        <label>
          Window{" "}
          <select name="event" data-testid="pick-event">
            <option value="" selected={!data.event}>next 72 h, or the date below</option>
            {data.events.map((e) => (
              <option value={e.code} selected={e.code === data.event}>
                {e.name} ({e.when})
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          from{" "}
          <input
            type="date"
            name="date"
            value={data.date}
            min={data.minDate}
            max={data.maxDate}
            data-testid="pick-date"
          />
        </label>{" "}
        <button type="submit" data-testid="pick-show">Show</button>
      </form>
      <p class="muted">
        Pick an event (its 72 h window starts {EVENT_LEAD_HOURS}{" "}
        h before it) or a start date up to 12 months ahead, then move the sliders: event attendance,
        heat and fine particles change the expected ED arrivals, the patients in the ED against the
        beds, and the plan items the scenario would produce. Everything is recomputed in your
        browser with the same model, census and agents as the server; nothing is sent back. Other
        hospitals' census is not part of a what-if, and an event's conditions are taken from the
        hospital's place.
      </p>
      {data.whatIf ? <WhatIf {...data.whatIf} /> : (
        <p>
          {data.hospitals.length
            ? "This hospital has less than a day of ED arrivals in the last 28 days; no forecast yet."
            : "No hospitals yet. Add one through the API or seed the demo region."}
        </p>
      )}
    </>
  );
}
