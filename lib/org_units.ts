/**
 * The units an organisation reads (°F and miles in the US, °C and km elsewhere: domain/units.ts),
 * from the country most of its hospitals are in (lib/basemap.ts countryAt, offline); metric
 * before it has any. Cached per organisation like the other small page reads.
 */
import { cachedForOrg } from "../infra/org_cache.ts";
import { METRIC, type Units, unitsOfCountry } from "../domain/units.ts";
import { countryAt } from "./basemap.ts";
import { orgHospitals } from "./page_data.ts";
import type { AppState } from "./define.ts";

export function orgUnits(state: AppState, orgId: string | null): Promise<Units> {
  if (!orgId) return Promise.resolve(METRIC);
  return cachedForOrg(orgId, "units", async () => {
    const counts = new Map<string, number>();
    for (const h of await orgHospitals(state, orgId)) {
      const c = await countryAt(h.lat, h.lon);
      if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    return unitsOfCountry([...counts].sort((a, b) => b[1] - a[1])[0]?.[0]);
  });
}
