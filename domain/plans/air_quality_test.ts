import { expect } from "expect";
import { airQualityAgent, aqiCategoryOf } from "./air_quality.ts";
import { calmInput, festival, withEnvironment } from "../../tests/support/plan_inputs.ts";

Deno.test("air quality: EPA category boundaries", () => {
  expect(aqiCategoryOf(100)).toBeNull();
  expect(aqiCategoryOf(101)?.name).toBe("unhealthy for sensitive groups");
  expect(aqiCategoryOf(151)?.name).toBe("unhealthy");
  expect(aqiCategoryOf(201)?.name).toBe("very unhealthy");
});

Deno.test("air quality: a calm day (AQI 35) gives nothing", () => {
  expect(airQualityAgent(calmInput())).toEqual([]);
});

Deno.test("air quality: AQI 160 gives an unhealthy advisory (high) with PM2.5 effects", () => {
  const recs = airQualityAgent(withEnvironment(calmInput(), 2, 6, { aqi: 160, pm25: 70 }));
  expect(recs).toHaveLength(1);
  const [r] = recs;
  expect(r.priority).toBe("high");
  expect(r.title).toBe("Air quality unhealthy: AQI up to 160");
  // 70 µg/m³ × 1 % per 10 → +7 % respiratory visits; asthma 1.5 % per 10 → +10.5 %.
  expect(r.evidence.respiratoryIncreasePct).toBe(7);
  expect(r.evidence.asthmaIncreasePct).toBe(10.5);
  expect(r.action).toContain("respiratory surge");
  expect(r.evidence.settings).toEqual({ aqiAlert: 151 });
});

Deno.test("air quality: AQI 210 is very unhealthy (critical); events get their own item", () => {
  expect(airQualityAgent(withEnvironment(calmInput(), 2, 3, { aqi: 210 }))[0].priority).toBe(
    "critical",
  );
  const e = festival(30, 4);
  e.conditions = [0, 1, 2, 3].map((i) => ({
    ts: new Date(e.startsAt.getTime() + i * 3_600_000),
    heatIndexC: 25,
    aqi: 170,
    pm25: 90,
  }));
  const [r] = airQualityAgent({ ...calmInput(), events: [e] });
  expect(r.key).toBe("air_quality:event:fest");
  expect(r.priority).toBe("high");
});
