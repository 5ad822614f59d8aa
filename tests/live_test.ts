import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { publishLive } from "../infra/live.ts";

/** Reads SSE frames from a response until `until` matches one or the time runs out. */
async function readEvents(
  res: Response,
  until: (type: string) => boolean,
  onEvent: (type: string) => void = () => {},
  ms = 10_000,
) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { type: string; data: Record<string, unknown> }[] = [];
  let buffer = "";
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const timer = new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()));
      const chunk = await Promise.race([reader.read(), timer]);
      if (!chunk || chunk.done) break;
      buffer += chunk.value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = frame.match(/^event: (.+)$/m)?.[1];
        const data = frame.match(/^data: (.+)$/m)?.[1];
        if (type && data) events.push({ type, data: JSON.parse(data) });
        if (type) onEvent(type);
        if (type && until(type)) return events;
      }
    }
    return events;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

dbTest("GET /api/live streams the caller's organisation's events, never another's", async (s) => {
  const app = await buildTestApp(s);
  const mine = await makeOrg(s, "live-own");
  const theirs = await makeOrg(s, "live-other");
  const { accessToken } = await startSession(s, mine.users.coordinator);
  const abort = new AbortController();
  const res = await app.request("/api/live", {
    headers: bearer(accessToken),
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  // The hello frame is sent once the subscription is in place: publish only after it.
  let subscribed!: () => void;
  const hello = new Promise<void>((r) => subscribed = r);
  const reading = readEvents(
    res,
    (t) => t === "observation",
    (t) => t === "hello" && subscribed(),
  );
  await hello;
  await publishLive(s.cache, "forecast", theirs.id, { secret: "theirs" });
  await publishLive(s.cache, "feed", null, { feed: "open_meteo", status: "ok" });
  const upload = await app.request(
    "/api/observations",
    jsonInit("POST", {
      records: [{ hospitalId: mine.hospital.code, ts: "2026-01-01T10:00:00Z", edArrivals: 4 }],
    }, bearer(accessToken)),
  );
  expect(upload.status).toBe(200);
  await upload.body?.cancel();
  const events = await reading;
  abort.abort();
  const types = events.map((e) => e.type);
  expect(types[0]).toBe("hello");
  expect(types).toContain("feed");
  expect(types).not.toContain("forecast");
  const obs = events.find((e) => e.type === "observation")!;
  expect(obs.data).toMatchObject({ source: "observations", accepted: 1 });
  expect(JSON.stringify(events)).not.toContain("theirs");
});

dbTest("GET /api/live refuses anonymous callers", async (s) => {
  const app = await buildTestApp(s);
  const res = await app.request("/api/live");
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toContain("application/json");
  await res.body?.cancel();
});
