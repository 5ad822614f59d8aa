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
