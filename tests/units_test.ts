/** Issue 22: °F and miles where the organisation's place reads them, °C and km elsewhere. */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, jsonInit, unique } from "./support/accounts.ts";
import { browser } from "./support/form_browser.ts";
import {
  formatDistance,
  formatTemperature,
  formatTemperatureDelta,
  METRIC,
  unitsOfCountry,
} from "../domain/units.ts";
import { countryAt } from "../lib/basemap.ts";

Deno.test("units: conversions against known values", () => {
  const us = unitsOfCountry("840");
  expect(us).toEqual({ temperature: "F", distance: "mi" });
  expect(unitsOfCountry("124")).toEqual(METRIC); // Canada
  expect(unitsOfCountry("826")).toEqual({ temperature: "C", distance: "mi" }); // the UK
  expect(formatTemperature(39, us)).toBe("102.2 °F");
  expect(formatTemperature(100, us)).toBe("212 °F");
  expect(formatTemperature(-40, us)).toBe("-40 °F");
  expect(formatTemperature(39, METRIC)).toBe("39 °C");
  expect(formatTemperature(39.46, METRIC)).toBe("39.5 °C");
  expect(formatTemperatureDelta(10, us)).toBe("+18.0 °F");
  expect(formatTemperatureDelta(-5, METRIC)).toBe("-5.0 °C");
  expect(formatDistance(80, us)).toBe("50 mi");
  expect(formatDistance(1.609344, us)).toBe("1 mi");
  expect(formatDistance(80, METRIC)).toBe("80 km");
});

Deno.test("units: the country at a place (Natural Earth, offline)", async () => {
  expect(await countryAt(30.27, -97.74)).toBe("840"); // Austin
  expect(await countryAt(43.65, -79.38)).toBe("124"); // Toronto
  expect(await countryAt(-33.87, 151.21)).toBe("036"); // Sydney
  expect(await countryAt(51.5, -0.12)).toBe("826"); // London
  expect(await countryAt(0, -30)).toBeNull(); // the Atlantic
});

dbTest("units: a Texas organisation reads °F and miles, an Ontario one °C and km", async (s) => {
  const app = await buildTestApp(s);
  for (
    const [label, lat, lon, zone, heat, distance] of [
      ["texas", 30.27, -97.74, "America/Chicago", "102.2 °F", "50 mi"],
      ["ontario", 43.65, -79.38, "America/Toronto", "39 °C", "80 km"],
    ] as const
  ) {
    const [{ id }] = await s.db.query<{ id: string }>(
      "INSERT INTO orgs (name) VALUES ($1) RETURNING id",
      [unique(`units-${label}`)],
    );
    const admin = await addUser(s, id, "admin");
    const post = async (path: string, body: unknown) => {
      const res = await app.request(path, jsonInit("POST", body, bearer(admin.token)));
      expect([path, res.status, res.status === 201 ? "" : await res.text()]).toEqual([
        path,
        201,
        "",
      ]);
      await res.body?.cancel();
    };
    await post("/api/hospitals", {
      id: unique("h"),
      name: "ED",
      lat,
      lon,
      edBeds: 20,
      timezone: zone,
    });
    // An event far from the hospital: the page says none is within the distance.
    const event = unique("e");
    await post("/api/events", {
      id: event,
      name: "Far away fair",
      type: "fair",
      lat: lat + 3,
      lon,
      startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 86_400_000 + 6 * 3_600_000).toISOString(),
      expectedAttendance: 5000,
    });
    const b = browser(app);
    b.jar.set("fs_access", admin.token);
    const alerts = await (await b.get("/alerts")).text();
    expect([label, alerts.includes(`a heat index of ${heat} or more`)]).toEqual([label, true]);
    const page = await (await b.get(`/events/${event}`)).text();
    expect([label, page.includes(`within ${distance}`)]).toEqual([label, true]);
  }
});
