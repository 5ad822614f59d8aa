/**
 * A local HTTP server that answers like Open-Meteo (forecast and air quality), OpenAQ v3 and
 * AirNow, in their documented formats and field names (DOMAIN.md "Environmental feeds").
 * Fixtures are generated here, small and deterministic: 48 hours from FAKE_START, values that
 * follow the hour index so tests can predict them. Tests queue scripted answers per path to
 * play failures (HTTP 500, slow answers, 429 with Retry-After, malformed JSON, …).
 */

/** First hour every fake hourly answer starts at: far from now so tests never meet real data. */
export const FAKE_START = Date.UTC(2031, 6, 1);
export const FAKE_HOURS = 48;
const HOUR = 3_600_000;

export type Responder = (req: Request, url: URL) => Response | Promise<Response>;

export interface FakeCall {
  path: string;
  params: URLSearchParams;
  headers: Headers;
}

/** Open-Meteo's `time` strings (UTC, minutes precision). */
export function fakeTimes(hours = FAKE_HOURS, start = FAKE_START): string[] {
  return Array.from(
    { length: hours },
    (_, i) => new Date(start + i * HOUR).toISOString().slice(0, 16),
  );
}

/** Predictable values: temperature 30 + (i mod 10) °C, humidity 40 %, and so on. */
export const fakeValue = {
  temperature_2m: (i: number) => 30 + (i % 10),
  relative_humidity_2m: (_i: number) => 40,
  apparent_temperature: (i: number) => 31 + (i % 10),
  precipitation: (_i: number) => 0,
  wind_speed_10m: (i: number) => 5 + (i % 3),
  pm2_5: (i: number) => 10 + (i % 5),
  pm10: (_i: number) => 20,
  ozone: (_i: number) => 100,
  us_aqi: (_i: number) => 55,
} as const;

/** An Open-Meteo forecast/air-quality answer with the documented envelope. */
export function openMeteoBody(
  lat: number,
  lon: number,
  variables: (keyof typeof fakeValue)[],
  opts: { hours?: number; edit?: (hourly: Record<string, unknown[]>) => void } = {},
) {
  const time = fakeTimes(opts.hours);
  const hourly: Record<string, unknown[]> = { time };
  const units: Record<string, string> = { time: "iso8601" };
  for (const v of variables) {
    hourly[v] = time.map((_, i) => fakeValue[v](i));
    units[v] = v.startsWith("pm") || v === "ozone" ? "μg/m³" : v === "us_aqi" ? "USAQI" : "°C";
  }
  opts.edit?.(hourly);
  return {
    latitude: lat,
    longitude: lon,
    elevation: 120,
    generationtime_ms: 0.1,
    utc_offset_seconds: 0,
    timezone: "GMT",
    timezone_abbreviation: "GMT",
    hourly,
    hourly_units: units,
  };
}

const forecastVariables = [
  "temperature_2m",
  "relative_humidity_2m",
  "apparent_temperature",
  "precipitation",
  "wind_speed_10m",
] as const;
const airVariables = ["pm2_5", "pm10", "ozone", "us_aqi"] as const;

/** OpenAQ v3 /locations: one monitor 2 km from the asked point with PM2.5 and O3 sensors. */
export function openaqLocationsBody(lat: number, lon: number) {
  const results = [{
    id: 2178,
    name: "Fake Monitor",
    locality: null,
    timezone: "America/Los_Angeles",
    country: { id: 155, code: "US", name: "United States" },
    coordinates: { latitude: lat + 0.018, longitude: lon },
    sensors: [
      {
        id: 3917,
        name: "pm25 µg/m³",
        parameter: { id: 2, name: "pm25", units: "µg/m³", displayName: "PM2.5" },
      },
      {
        id: 3918,
        name: "o3 ppm",
        parameter: { id: 10, name: "o3", units: "ppm", displayName: "O₃" },
      },
    ],
  }];
  return {
    meta: { name: "openaq-api", website: "/", page: 1, limit: 100, found: results.length },
    results,
  };
}

/** OpenAQ v3 /locations/{id}/latest at a given hour. */
export function openaqLatestBody(at: Date) {
  const utc = at.toISOString().replace(".000Z", "Z");
  return {
    meta: { name: "openaq-api", website: "/", page: 1, limit: 100, found: 2 },
    results: [
      {
        datetime: { utc, local: utc },
        value: 12.3,
        coordinates: null,
        sensorsId: 3917,
        locationsId: 2178,
      },
      {
        datetime: { utc, local: utc },
        value: 0.05,
        coordinates: null,
        sensorsId: 3918,
        locationsId: 2178,
      },
    ],
  };
}

/** AirNow current observations: PM2.5 and O3 for one Pacific-time hour. */
export function airnowBody(lat: number, lon: number, localDay = "2031-07-01", hour = 10) {
  const common = {
    DateObserved: `${localDay} `,
    HourObserved: hour,
    LocalTimeZone: "PST",
    ReportingArea: "Fake Valley",
    StateCode: "CA",
    Latitude: lat,
    Longitude: lon,
  };
  return [
    { ...common, ParameterName: "O3", AQI: 42, Category: { Number: 1, Name: "Good" } },
    { ...common, ParameterName: "PM2.5", AQI: 61, Category: { Number: 2, Name: "Moderate" } },
  ];
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { "content-type": "application/json", ...init.headers },
  });

/** Slow answers still waiting; closing the server releases them. */
const pending = new Set<() => void>();

/** Answers that tests queue to play a service misbehaving. */
export const misbehave = {
  status: (status: number, body = "", headers: Record<string, string> = {}): Responder => () =>
    new Response(body, { status, headers }),
  retryAfter: (status: 429 | 503, seconds: number): Responder => () =>
    json({ message: "Too many requests" }, { status, headers: { "retry-after": String(seconds) } }),
  malformed: (): Responder => () =>
    new Response('{"latitude": 10, "hourly": {"time": ["2031-07-01T00:00"', {
      headers: { "content-type": "application/json" },
    }),
  /** Waits longer than any test timeout; the server's close() ends the wait. */
  slow: (ms = 5_000): Responder => () =>
    new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        pending.delete(finish);
        resolve(json({}));
      };
      const timer = setTimeout(finish, ms);
      pending.add(finish);
    }),
  json: (body: unknown, init?: ResponseInit): Responder => () => json(body, init),
};

/** The default, well-behaved answer for each documented endpoint. */
function normal(url: URL): Response {
  const lat = Number(url.searchParams.get("latitude"));
  const lon = Number(url.searchParams.get("longitude"));
  if (url.pathname.endsWith("/v1/forecast")) {
    return json(openMeteoBody(lat, lon, [...forecastVariables]));
  }
  if (url.pathname.endsWith("/v1/air-quality")) {
    return json(openMeteoBody(lat, lon, [...airVariables]));
  }
  if (/\/v3\/locations\/\d+\/latest$/.test(url.pathname)) {
    return json(openaqLatestBody(new Date(FAKE_START + 10 * HOUR)));
  }
  if (url.pathname.endsWith("/v3/locations")) {
    const [la, lo] = (url.searchParams.get("coordinates") ?? "0,0").split(",").map(Number);
    return json(openaqLocationsBody(la, lo));
  }
  if (url.pathname.includes("/aq/observation/latLong/current")) return json(airnowBody(lat, lon));
  return json({ error: true, reason: `no such endpoint ${url.pathname}` }, { status: 404 });
}

/** Starts the fake services on a free port. */
export function startFakeFeeds() {
  const queues = new Map<string, Responder[]>();
  const calls: FakeCall[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    calls.push({ path: url.pathname, params: url.searchParams, headers: req.headers });
    for (const [prefix, queue] of queues) {
      if (url.pathname.startsWith(prefix) && queue.length) return queue.shift()!(req, url);
    }
    return normal(url);
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    base,
    calls,
    /** Queues answers for the next calls whose path starts with prefix. */
    script(prefix: string, ...answers: Responder[]) {
      queues.set(prefix, [...(queues.get(prefix) ?? []), ...answers]);
    },
    reset() {
      queues.clear();
      calls.length = 0;
    },
    /** Config entries pointing every feed at this server, with keys. */
    config() {
      return {
        OPEN_METEO_URL: base,
        OPEN_METEO_AIR_URL: base,
        OPENAQ_URL: base,
        OPENAQ_API_KEY: "test-openaq-key",
        AIRNOW_URL: base,
        AIRNOW_API_KEY: "test-airnow-key",
      };
    },
    close: () => {
      for (const finish of [...pending]) finish();
      return server.shutdown();
    },
  };
}
