/**
 * The live hub: each event reaches every stream of its organisation (and region-wide ones reach
 * all) in publication order, also when the fan-out is spread over several slices.
 */
import { expect } from "expect";
import { memoryCache } from "./cache.ts";
import { liveStream, publishLive } from "./live.ts";

const decoder = new TextDecoder();

async function nextFrame(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const { value, done } = await reader.read();
  if (done) throw new Error("stream ended");
  const text = decoder.decode(value);
  return { type: text.match(/^event: (.+)$/m)?.[1], data: text.match(/^data: (.+)$/m)?.[1] };
}

Deno.test("live events reach 2,500 streams in order, and only their organisation's", async () => {
  const cache = memoryCache();
  const stop = new AbortController();
  const open = (org: string, n: number) =>
    Array.from({ length: n }, () => liveStream(cache, org, stop.signal).getReader());
  const mine = open("org-a", 2_500);
  const theirs = open("org-b", 10);
  try {
    for (const r of [...mine, ...theirs]) expect((await nextFrame(r)).type).toBe("hello");
    await publishLive(cache, "observation", "org-a", { n: 1 });
    await publishLive(cache, "forecast", "org-a", { n: 2 });
    await publishLive(cache, "feed", null, { n: 3 });
    for (const r of mine) {
      const frames = [await nextFrame(r), await nextFrame(r), await nextFrame(r)];
      expect(frames.map((f) => f.type)).toEqual(["observation", "forecast", "feed"]);
      expect(JSON.parse(frames[0].data!)).toMatchObject({ n: 1 });
    }
    for (const r of theirs) {
      const frame = await nextFrame(r);
      expect(frame.type).toBe("feed");
      expect(JSON.parse(frame.data!)).toMatchObject({ n: 3 });
    }
  } finally {
    stop.abort(); // every stream ends; the shared heartbeat timer goes with the last one
    for (const r of [...mine, ...theirs]) await r.cancel();
    await cache.close();
  }
});
