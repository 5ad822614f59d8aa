/**
 * An organisation with two hospitals through the public API: one whose data stopped 29–30 h ago
 * (three weeks of simulated history ending then) and one reporting up to the current hour; its
 * forecasts, plans and alerts are rebuilt once. For the data-freshness tests (issue 16).
 */
import { expect } from "expect";
import { bearer, jsonInit, makeOrg, type TestOrg, unique } from "./accounts.ts";
import { edHistory, historyCsv } from "./scenario_data.ts";
import { refreshOrg } from "../../services/refresh.ts";
import { invalidateOrg } from "../../infra/org_cache.ts";
import type { Services } from "../../lib/runtime.ts";

const HOUR = 3_600_000;
export const STOPPED_TZ = "America/Los_Angeles";

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export async function stoppedOrg(
  s: Services,
  app: App,
  label: string,
): Promise<{ org: TestOrg; stopped: string; fresh: string }> {
  const org = await makeOrg(s, label);
  const admin = bearer(org.users.admin.token);
  const stopped = org.hospital.code;
  const fresh = unique("fresh-ed");
  const created = await app.request(
    "/api/hospitals",
    jsonInit("POST", {
      id: fresh,
      name: "Fresh Valley ED",
      lat: 33.9,
      lon: -116.6,
      edBeds: 30,
      staffBaseline: 8,
      timezone: STOPPED_TZ,
    }, admin),
  );
  expect(created.status).toBe(201);
  await created.body?.cancel();
  const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
  const history = (end: number, seed: number) =>
    edHistory({
      end: new Date(end),
      days: 21,
      meanPerHour: 3,
      timeZone: STOPPED_TZ,
      los: { meanHours: 4, cv: 1 },
      seed,
    });
  const uploads = [[stopped, thisHour - 29 * HOUR, 3], [fresh, thisHour, 4]] as const;
  for (const [code, end, seed] of uploads) {
    const res = await app.request("/api/observations", {
      method: "POST",
      headers: { ...bearer(org.apiKey), "content-type": "text/csv" },
      body: historyCsv(code, history(end, seed)),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).rejected).toBe(0);
  }
  await refreshOrg(s, org.id);
  invalidateOrg(org.id);
  return { org, stopped, fresh };
}
