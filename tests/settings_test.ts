/** GET/PATCH /api/settings: documented defaults, admin-only changes that rebuild plans. */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { pendingRefreshes } from "../models/refresh.ts";

dbTest(
  "settings: defaults with sources; admins change them, null resets, plans are rebuilt",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "settings");
    const read = async (token: string) => {
      const res = await app.request("/api/settings", { headers: bearer(token) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      return await res.json();
    };
    const initial = await read(org.users.analyst.token);
    expect(initial).toMatchObject({
      lengthOfStayHours: 4.5,
      patientsPerNurse: 4,
      shiftStartHours: [7, 19],
      maxSurgeShare: 0.2,
      ambulanceCycleHours: 1.5,
      capacityAlertShare: 1,
      heatAlertIndexC: 39,
      aqiAlert: 151,
      changed: [],
      updatedAt: null,
    });
    expect(initial.defaults).toEqual(DEFAULT_SETTINGS);
    expect(initial.sources.patientsPerNurse).toContain("Title 22");
    expect(initial.sources.maxSurgeShare).toContain("ASPR");

    const patch = (body: unknown, token = org.users.admin.token) =>
      app.request("/api/settings", jsonInit("PATCH", body, bearer(token)));
    const denied = await patch({ patientsPerNurse: 5 }, org.users.coordinator.token);
    expect(denied.status).toBe(403);
    await denied.body?.cancel();

    const changed = await patch({ patientsPerNurse: 5, shiftStartHours: [7, 15, 23] });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      patientsPerNurse: 5,
      shiftStartHours: [7, 15, 23],
      changed: ["patientsPerNurse", "shiftStartHours"],
    });
    expect((await pendingRefreshes(s.db)).some((r) => r.orgId === org.id)).toBe(true);
    const audit = await s.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE org_id = $1 AND resource = 'settings'
       AND action = 'update' AND outcome = 'ok'`,
      [org.id],
    );
    expect(audit[0].n).toBe(1);

    const reset = await patch({ patientsPerNurse: null });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ patientsPerNurse: 4, changed: ["shiftStartHours"] });

    for (
      const [body, path] of [
        [{ maxSurgeShare: 0.8 }, "maxSurgeShare"],
        [{ shiftStartHours: [19, 7] }, "shiftStartHours"],
        [{ timezone: "Mars/Olympus" }, "timezone"],
        [{ patientsPerNurse: "four" }, "patientsPerNurse"],
        [{ nurses: 4 }, "nurses"],
      ] as const
    ) {
      const res = await patch(body);
      expect([path, res.status]).toEqual([path, 422]);
      const err = await res.json();
      expect(err.error.details[0].path).toBe(path);
    }
    // Another organisation's settings are untouched.
    const other = await makeOrg(s, "settings-other");
    expect((await read(other.users.admin.token)).shiftStartHours).toEqual([7, 19]);
  },
);
