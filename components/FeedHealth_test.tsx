import { expect } from "expect";
import { renderToString } from "preact-render-to-string";
import { FeedHealth } from "./FeedHealth.tsx";
import type { FeedHealth as Health } from "../models/feed_status.ts";

const feed = (over: Partial<Health>): Health => ({
  name: "open_meteo",
  status: "ok",
  lastSuccessAt: null,
  lastError: null,
  lastErrorAt: null,
  consecutiveFailures: 0,
  offReason: null,
  ...over,
});

Deno.test("feed health: a feed that has never run says so instead of OK", () => {
  const html = renderToString(
    <FeedHealth
      timeZone="Europe/London"
      feeds={[
        feed({}),
        feed({ name: "open_meteo_air", lastSuccessAt: new Date("2026-11-30T10:07:00Z") }),
      ]}
    />,
  );
  const [never, pulled] = html.split('data-feed="').slice(1);
  expect(never).toContain("not run yet");
  expect(never).not.toContain(">ok<");
  expect(pulled).toContain(">ok<");
  expect(pulled).toContain("Mon 30 Nov, 10:07 GMT");
});

Deno.test("feed health: an offline machine reads 'offline' in words, not a raw URL", () => {
  const offline = "error sending request for url (https://api.open-meteo.com/v1/forecast?" +
    "latitude=33.8&longitude=-116.5&hourly=temperature_2m): client error (Connect): dns error: " +
    "failed to lookup address information: Temporary failure in name resolution";
  const html = renderToString(
    <FeedHealth
      timeZone="UTC"
      feeds={[
        feed({ status: "degraded", lastError: offline, lastErrorAt: new Date() }),
        // What the feed job records on a machine without internet (workers/feeds.ts).
        feed({
          name: "open_meteo_air",
          status: "down",
          lastError: "grid:33.70,-116.20: open_meteo_air: https://air-quality-api.open-meteo.com/" +
            "v1/air-quality?latitude=33.70&longitude=-116.20&hourly=pm2_5 unreachable: fetch " +
            "failed (after 4 attempts) (and 4 more locations)",
          lastErrorAt: new Date(),
        }),
        feed({
          name: "openaq",
          status: "down",
          lastError: "GET https://api.openaq.org/v3/locations?key=abc answered 503",
          lastErrorAt: new Date(),
        }),
      ]}
    />,
  );
  const [first, job, second] = html.split('data-feed="').slice(1);
  expect(job).toContain(">offline<");
  expect(job).toContain("no internet connection");
  expect(first).toContain(">offline<");
  expect(first).toContain("no internet connection");
  expect(first).not.toContain(">degraded<");
  expect(second).toContain(">service fault<");
  // URLs are cut to their host: no coordinates or keys from the query string.
  const table = html.slice(0, html.indexOf("</table>"));
  expect(table).not.toContain("https://");
  expect(table).not.toContain("latitude=33.8");
  expect(table).not.toContain("key=abc");
  expect(table).toContain("api.open-meteo.com");
});
