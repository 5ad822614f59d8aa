/**
 * Issue 22's time-zone trap: /admin showed "UTC" (the default) while the organisation's pages used
 * its hospitals' zone, and saving the settings form unchanged stored UTC over it.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg, unique } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";

/** The settings form's fields as the browser would submit them, unchanged. */
function settingsForm(html: string): Record<string, string> {
  const section = html.slice(html.indexOf('id="settings"'));
  const form = section.slice(0, section.indexOf("</form>"));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attr = (name: string) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
    const name = attr("name");
    if (!name) continue;
    const value = (attr("value") ?? "").replaceAll("&amp;", "&");
    if (attr("type") === "checkbox") {
      if (/\bchecked\b/.test(tag)) fields[name] = value;
    } else fields[name] = value;
  }
  return fields;
}

dbTest(
  "settings form: shows the zone pages use; saving it unchanged changes nothing",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "tz-form");
    // Two hospitals in Texas against one in California: pages use Central time.
    for (const [name, lat, lon] of [["Austin", 30.27, -97.74], ["Waco", 31.55, -97.15]] as const) {
      const res = await app.request(
        "/api/hospitals",
        jsonInit("POST", {
          id: unique(name.toLowerCase()),
          name,
          lat,
          lon,
          edBeds: 20,
          timezone: "America/Chicago",
        }, bearer(org.users.admin.token)),
      );
      expect(res.status).toBe(201);
      await res.body?.cancel();
    }
    const admin = browser(app);
    admin.jar.set("fs_access", org.users.admin.token);
    const html = await (await admin.get("/admin")).text();
    const fields = settingsForm(html);
    expect(fields.timezone).toBe("America/Chicago");
    expect(html).toContain("from your hospitals");
    expect(fields.patientsPerNurse).toBe("4");
    const api = async () =>
      await (await app.request("/api/settings", { headers: bearer(org.users.analyst.token) }))
        .json();
    expect((await api()).timezone).toBe("America/Chicago");
    const audits = async () =>
      (await s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE org_id = $1 AND resource = 'settings'",
        [org.id],
      ))[0].n;
    const before = await audits();

    const saved = await admin.post("/admin", {
      _csrf: admin.jar.get("fs_csrf")!,
      action: "update_settings",
      ...fields,
    });
    expect(saved.status).toBe(303);
    await saved.body?.cancel();
    const after = await api();
    expect(after.timezone).toBe("America/Chicago");
    expect(after.changed).toEqual([]);
    expect(after.updatedAt).toBeNull();
    expect(await audits()).toBe(before);
    // The organisation-wide pages still show Central time.
    const alerts = await (await admin.get("/alerts")).text();
    expect(alerts).toMatch(/America\/Chicago|\bC[SD]T\b/);
    expect(alerts).not.toMatch(/\bUTC\b/);

    // A real change is stored, and only that field.
    const changed = await admin.post("/admin", {
      _csrf: admin.jar.get("fs_csrf")!,
      action: "update_settings",
      ...fields,
      patientsPerNurse: "5",
    });
    expect(changed.status).toBe(303);
    await changed.body?.cancel();
    expect(await api()).toMatchObject({
      patientsPerNurse: 5,
      timezone: "America/Chicago",
      changed: ["patientsPerNurse"],
    });
    expect(await audits()).toBe(before + 1);
  },
);

dbTest("/hospitals/new: the time zone comes from the location, not UTC", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "tz-new");
  const admin = browser(app);
  admin.jar.set("fs_access", org.users.admin.token);
  const page = await (await admin.get("/hospitals/new")).text();
  expect(page).toMatch(/<option value="" selected[^>]*>From the location<\/option>/);
  expect(page).not.toMatch(/<option value="UTC" selected/);
  for (
    const [lat, lon, zone] of [
      [43.65, -79.38, "America/Toronto"],
      [-33.87, 151.21, "Australia/Sydney"],
      [30.27, -97.74, "America/Chicago"],
    ] as const
  ) {
    const code = unique("tz");
    const saved = await admin.post("/hospitals/new", {
      _csrf: admin.jar.get("fs_csrf")!,
      id: code,
      name: `Hospital at ${lat}`,
      lat: String(lat),
      lon: String(lon),
      edBeds: "20",
      timezone: "",
    });
    expect(saved.status).toBe(303);
    await saved.body?.cancel();
    const res = await app.request(`/api/hospitals/${code}`, {
      headers: bearer(org.users.analyst.token),
    });
    expect((await res.json()).timezone).toBe(zone);
  }
  // A zone the user chose is kept.
  const code = unique("tz-chosen");
  const chosen = await admin.post("/hospitals/new", {
    _csrf: admin.jar.get("fs_csrf")!,
    id: code,
    name: "Chosen zone",
    lat: "43.65",
    lon: "-79.38",
    edBeds: "20",
    timezone: "UTC",
  });
  expect(chosen.status).toBe(303);
  await chosen.body?.cancel();
  const res = await app.request(`/api/hospitals/${code}`, {
    headers: bearer(org.users.analyst.token),
  });
  expect((await res.json()).timezone).toBe("UTC");
});

dbTest("POST /api/hospitals without a time zone takes the location's, not UTC", async (s) => {
  const app = await buildTestApp(s);
  const org = await makeOrg(s, "tz-api");
  for (
    const [lat, lon, zone] of [
      [30.27, -97.74, "America/Chicago"],
      [-33.87, 151.21, "Australia/Sydney"],
    ] as const
  ) {
    const code = unique("tz-api");
    const res = await app.request(
      "/api/hospitals",
      jsonInit(
        "POST",
        { id: code, name: "API hospital", lat, lon, edBeds: 10 },
        bearer(
          org.users.admin.token,
        ),
      ),
    );
    expect(res.status).toBe(201);
    expect((await res.json()).timezone).toBe(zone);
  }
  const chosen = await app.request(
    "/api/hospitals",
    jsonInit("POST", {
      id: unique("tz-api"),
      name: "Chosen",
      lat: 30.27,
      lon: -97.74,
      edBeds: 10,
      timezone: "UTC",
    }, bearer(org.users.admin.token)),
  );
  expect((await chosen.json()).timezone).toBe("UTC");
});
