/**
 * Heat from day one (issue 16), through the public API: a new organisation with four weeks of ED
 * arrivals and only ten days of temperatures (a mild place: daily mean 8 °C). The what-if at +0 °C
 * is the forecast; +10 °C and +20 °C cross the place's heat thresholds (short-history climatology,
 * ml/feature_inputs.ts) and raise the expected arrivals by about the documented size (+1.8 %/°C
 * above the warm edge and +7.8 % on an extreme-heat day, DOMAIN.md); before, nothing moved until
 * 60 days of temperatures were stored.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { jsonInit, unique } from "./support/accounts.ts";
import { json, newOrgAdmin } from "./support/new_org.ts";
import { PatientSim } from "./support/patient_sim.ts";

const HOUR = 3_600_000;
const SEATTLE = { lat: 47.61, lon: -122.33 };

dbTest("heat from day one: what-if +10 °C and +20 °C raise a new place's arrivals", async (s) => {
  const app = await buildTestApp(s);
  const auth = await newOrgAdmin(s, app, "harbour-health");
  const code = unique("harbour-ed");
  await json(
    await app.request(
      "/api/hospitals",
      jsonInit("POST", {
        id: code,
        name: "Harbour ED",
        ...SEATTLE,
        edBeds: 20,
        staffBaseline: 6,
        timezone: "America/Los_Angeles",
      }, auth),
    ),
    201,
  );
  const origin = Math.floor(Date.now() / HOUR) * HOUR;
  const first = origin - 28 * 24 * HOUR;
  const sim = new PatientSim({
    arrivalsPerDay: 60,
    stayMeanHours: 4,
    stayCv: 1,
    timeZone: "America/Los_Angeles",
    seed: 7,
  });
  const counts = sim.run(first, origin);
  await json(
    await app.request("/api/observations", {
      method: "POST",
      headers: { ...auth, "content-type": "text/csv" },
      body: "hospitalId,ts,edArrivals\n" +
        counts.map((n, i) => `${code},${new Date(first + i * HOUR).toISOString()},${n}`)
          .join("\n") +
        "\n",
    }),
  );
  // Ten days of a mild place's temperatures: daily mean 8 °C, ±4 °C through the day.
  const lines = ["lat,lon,ts,temperatureC,relativeHumidity,pm25,pm10,ozone"];
  for (let t = origin - 10 * 24 * HOUR; t < origin; t += HOUR) {
    const c = 8 + 4 * Math.sin((2 * Math.PI * ((t / HOUR) % 24)) / 24);
    lines.push(`${SEATTLE.lat},${SEATTLE.lon},${new Date(t).toISOString()},${c.toFixed(2)},75,,,`);
  }
  const env = await json<{ accepted: number }>(
    await app.request("/api/environment", {
      method: "POST",
      headers: { ...auth, "content-type": "text/csv" },
      body: lines.join("\n") + "\n",
    }),
  );
  expect(env.accepted).toBe(240);

  const expected = async (temperatureDeltaC: number) => {
    const out = await json<{ points: { mean: number }[] }>(
      await app.request(
        "/api/forecast/what-if",
        jsonInit("POST", { hospitalId: code, overrides: { temperatureDeltaC } }, auth),
      ),
    );
    expect(out.points.length).toBe(72);
    return out.points.reduce((t, p) => t + p.mean, 0);
  };
  const base = await expected(0), plus10 = await expected(10), plus20 = await expected(20);
  console.log(
    `72 h expected arrivals: ${base.toFixed(1)}, +10 °C ${plus10.toFixed(1)}, ` +
      `+20 °C ${plus20.toFixed(1)}`,
  );
  // The documented sizes: +10 °C is ~6 °C above the warm edge (+1.8 %/°C) and an extreme-heat day
  // (+7.8 %): about +19 %; +20 °C about +37 %. Bounded so that a model doubling arrivals fails.
  expect(plus10 / base).toBeGreaterThan(1.08);
  expect(plus10 / base).toBeLessThan(1.35);
  expect(plus20).toBeGreaterThan(plus10);
  expect(plus20 / base).toBeLessThan(1.6);
});
