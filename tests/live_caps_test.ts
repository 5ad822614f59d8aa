/**
 * Open live streams are capped per user (LIVE_STREAMS_PER_USER, default 20 → 429 with
 * Retry-After) and per organisation (LIVE_STREAMS_PER_ORG), and a slot comes back when its stream
 * ends. The default per-organisation cap lets 10,000 viewers of one organisation follow it.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { addUser, bearer, makeOrg } from "./support/accounts.ts";
import { startSession } from "../lib/auth/sessions.ts";
import { loadConfig } from "../infra/config.ts";
import { openStreams, openStreamSlot } from "../infra/live_caps.ts";

dbTest(
  "live streams: the 21st stream of one user is refused with 429 and Retry-After",
  async (s) => {
    const app = await buildTestApp(s);
    expect(s.config.LIVE_STREAMS_PER_USER).toBe(20);
    const org = await makeOrg(s, "live-cap");
    const { accessToken } = await startSession(s, org.users.analyst);
    const open: Response[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const res = await app.request("/api/live", { headers: bearer(accessToken) });
        expect(res.status).toBe(200);
        open.push(res);
      }
      const refused = await app.request("/api/live", { headers: bearer(accessToken) });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe("too_many_streams");
      // Another user of the same organisation is not held back by the first one's streams.
      const { accessToken: other } = await startSession(s, org.users.coordinator);
      const second = await app.request("/api/live", { headers: bearer(other) });
      expect(second.status).toBe(200);
      open.push(second);
      // A stream that ends gives its slot back.
      await open.shift()!.body!.cancel();
      const again = await app.request("/api/live", { headers: bearer(accessToken) });
      expect(again.status).toBe(200);
      open.push(again);
    } finally {
      for (const res of open) await res.body?.cancel().catch(() => {});
    }
    expect(openStreams(`user:${org.users.analyst.id}`, org.id)).toEqual({ user: 0, org: 0 });
  },
);

dbTest(
  "live streams: the per-organisation cap refuses with 429 past LIVE_STREAMS_PER_ORG",
  async (s) => {
    const app = await buildTestApp({ ...s, config: { ...s.config, LIVE_STREAMS_PER_ORG: 3 } });
    const org = await makeOrg(s, "live-org-cap");
    const open: Response[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const user = await addUser(s, org.id, "analyst");
        const { accessToken } = await startSession(s, user);
        const res = await app.request("/api/live", { headers: bearer(accessToken) });
        expect(res.status).toBe(200);
        open.push(res);
      }
      const user = await addUser(s, org.id, "analyst");
      const { accessToken } = await startSession(s, user);
      const refused = await app.request("/api/live", { headers: bearer(accessToken) });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBeTruthy();
      // Another organisation is unaffected.
      const other = await makeOrg(s, "live-org-cap-other");
      const { accessToken: theirs } = await startSession(s, other.users.analyst);
      const fine = await app.request("/api/live", { headers: bearer(theirs) });
      expect(fine.status).toBe(200);
      open.push(fine);
    } finally {
      for (const res of open) await res.body?.cancel().catch(() => {});
    }
  },
);

Deno.test("live streams: the default caps let 10,000 viewers of one organisation follow it", () => {
  const config = loadConfig({});
  const limits = { perUser: config.LIVE_STREAMS_PER_USER, perOrg: config.LIVE_STREAMS_PER_ORG };
  const org = crypto.randomUUID();
  const slots = [];
  for (let i = 0; i < 10_000; i++) {
    const slot = openStreamSlot(`user:viewer-${i}`, org, limits);
    expect("release" in slot).toBe(true);
    slots.push(slot as { release: () => void });
  }
  expect(openStreams("user:viewer-0", org).org).toBe(10_000);
  for (const slot of slots) slot.release();
  expect(openStreams("user:viewer-0", org).org).toBe(0);
});
