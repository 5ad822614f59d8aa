import { expect } from "expect";
import {
  backoffDelay,
  defaultHttpTuning,
  FeedClient,
  FeedError,
  type HttpTuning,
  parseRetryAfter,
  redactUrl,
} from "./http.ts";
import { misbehave, startFakeFeeds } from "../tests/support/fake_feeds.ts";

function tuning(slept: number[], over: Partial<HttpTuning> = {}): HttpTuning {
  return {
    ...defaultHttpTuning,
    timeoutMs: 200,
    retries: 2,
    backoffBaseMs: 10,
    backoffMaxMs: 40,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    ...over,
  };
}

Deno.test("backoff grows exponentially with jitter and stays under its cap", () => {
  const t = { backoffBaseMs: 100, backoffMaxMs: 1000 };
  expect(backoffDelay(0, { ...t, random: () => 0 })).toBe(50);
  expect(backoffDelay(0, { ...t, random: () => 1 })).toBe(100);
  expect(backoffDelay(2, { ...t, random: () => 0.5 })).toBe(300);
  expect(backoffDelay(10, { ...t, random: () => 1 })).toBe(1000);
});

Deno.test("Retry-After is read as seconds or as an HTTP date", () => {
  expect(parseRetryAfter("7")).toBe(7000);
  const now = Date.UTC(2031, 0, 1);
  expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).toBe(3000);
  expect(parseRetryAfter(null)).toBeNull();
  expect(parseRetryAfter("soon")).toBeNull();
});

Deno.test("keys in query strings never appear in messages", () => {
  const shown = redactUrl(new URL("https://x.test/aq?latitude=1&API_KEY=secret123"));
  expect(shown).not.toContain("secret123");
  expect(shown).toContain("API_KEY=***");
});

Deno.test("FeedClient: 500 then success retries once after a backoff", async () => {
  const fake = startFakeFeeds();
  try {
    fake.script("/v1/forecast", misbehave.status(500, "oops"));
    const slept: number[] = [];
    const client = new FeedClient("open_meteo", tuning(slept));
    const body = await client.getJson(new URL(`${fake.base}/v1/forecast?latitude=1&longitude=2`));
    expect((body as { hourly: { time: string[] } }).hourly.time.length).toBe(48);
    expect(client.calls).toBe(2);
    expect(slept.length).toBe(1);
    expect(slept[0]).toBeGreaterThanOrEqual(5);
    expect(slept[0]).toBeLessThanOrEqual(10);
  } finally {
    await fake.close();
  }
});

Deno.test("FeedClient: 429 waits what Retry-After says, and gives up when it is too long", async () => {
  const fake = startFakeFeeds();
  try {
    fake.script("/v1/forecast", misbehave.retryAfter(429, 3));
    const slept: number[] = [];
    const client = new FeedClient("open_meteo", tuning(slept));
    await client.getJson(new URL(`${fake.base}/v1/forecast?latitude=1&longitude=2`));
    expect(slept).toEqual([3000]);

    fake.script("/v1/forecast", misbehave.retryAfter(503, 3600));
    const err = await client.getJson(new URL(`${fake.base}/v1/forecast`)).catch((e: FeedError) =>
      e
    ) as FeedError;
    expect(err).toBeInstanceOf(FeedError);
    expect(err.kind).toBe("http");
    expect(err.message).toContain("HTTP 503");
    expect(err.message).toContain("Retry-After 3600 s");
  } finally {
    await fake.close();
  }
});

Deno.test("FeedClient: a slow service times out on every attempt with a clear error", async () => {
  const fake = startFakeFeeds();
  try {
    fake.script("/v1/forecast", misbehave.slow(), misbehave.slow());
    const slept: number[] = [];
    const client = new FeedClient("open_meteo", tuning(slept, { retries: 1, timeoutMs: 100 }));
    const started = performance.now();
    const err = await client.getJson(new URL(`${fake.base}/v1/forecast`)).catch((e: FeedError) =>
      e
    ) as FeedError;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err.kind).toBe("timeout");
    expect(err.message).toBe(
      `open_meteo: no answer within 100 ms from ${fake.base}/v1/forecast (after 2 attempts)`,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("FeedClient: malformed JSON and a 400 are not retried", async () => {
  const fake = startFakeFeeds();
  try {
    fake.script("/v1/forecast", misbehave.malformed());
    const client = new FeedClient("open_meteo", tuning([]));
    const err = await client.getJson(new URL(`${fake.base}/v1/forecast`)).catch((e: FeedError) =>
      e
    ) as FeedError;
    expect(err.kind).toBe("parse");
    expect(err.message).toContain("malformed JSON");
    expect(client.calls).toBe(1);

    fake.script(
      "/v1/forecast",
      misbehave.status(400, JSON.stringify({ error: true, reason: "Latitude must be in range" })),
    );
    const bad = await client.getJson(new URL(`${fake.base}/v1/forecast`)).catch((e: FeedError) =>
      e
    ) as FeedError;
    expect(bad.message).toContain("HTTP 400");
    expect(bad.message).toContain("Latitude must be in range");
    expect(client.calls).toBe(2);
  } finally {
    await fake.close();
  }
});

Deno.test("FeedClient: calls are spaced by the rate limit", async () => {
  const fake = startFakeFeeds();
  try {
    const slept: number[] = [];
    const client = new FeedClient("openaq", tuning(slept), 1_000);
    await client.getJson(new URL(`${fake.base}/v3/locations?coordinates=1,2`));
    await client.getJson(new URL(`${fake.base}/v3/locations?coordinates=1,2`));
    expect(slept.length).toBe(1);
    expect(slept[0]).toBeGreaterThan(900);
  } finally {
    await fake.close();
  }
});
