/**
 * Live updates for dashboards: jobs and ingestion publish small events through the cache's
 * pub/sub (Redis across instances; BroadcastChannel between Deno Deploy isolates with Upstash;
 * in-process otherwise), and GET /api/live streams those of the caller's organisation — and the
 * region-wide ones — as Server-Sent Events.
 */
import type { Cache } from "./cache.ts";
import { log } from "./log.ts";

export type LiveEventType =
  | "observation"
  | "forecast"
  | "plan"
  | "alert"
  | "feed"
  /** A training run's progress, end or failure (services/model_training.ts). */
  | "training"
  /** The organisation's model changed (activation, rollback). */
  | "model";

export interface LiveEvent {
  type: LiveEventType;
  /** null for region-wide events (feeds, feed alerts). */
  orgId: string | null;
  at: string;
  data: Record<string, unknown>;
}

const CHANNEL = "live";
/** Proxies close idle connections; a comment line keeps the stream open. */
const HEARTBEAT_MS = 25_000;

/** Publishes one event; a broken cache is logged, never fails the caller's work. */
export async function publishLive(
  cache: Cache,
  type: LiveEventType,
  orgId: string | null,
  data: Record<string, unknown>,
) {
  const event: LiveEvent = { type, orgId, at: new Date().toISOString(), data };
  try {
    await cache.publish(CHANNEL, JSON.stringify(event));
  } catch (err) {
    log.warn("live event not published", { type, error: (err as Error).message });
  }
}

/** Aborted at shutdown: open streams end so that the server can drain. */
const shuttingDown = new AbortController();

/** Ends every open live stream (call before the server shuts down). */
export function endLiveStreams() {
  shuttingDown.abort();
}

/** An SSE stream of the organisation's events until the signal aborts or the client leaves. */
export function liveStream(cache: Cache, orgId: string, clientSignal: AbortSignal) {
  const signal = AbortSignal.any([clientSignal, shuttingDown.signal]);
  const encoder = new TextEncoder();
  let unsubscribe: (() => Promise<void>) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stop = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe?.().catch(() => {});
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const end = () => {
        if (closed) return;
        stop();
        controller.close();
      };
      if (signal.aborted) return end();
      signal.addEventListener("abort", end, { once: true });
      unsubscribe = await cache.subscribe(CHANNEL, (message) => {
        let event: LiveEvent;
        try {
          event = JSON.parse(message);
        } catch {
          return;
        }
        if (event.orgId !== null && event.orgId !== orgId) return;
        send(`event: ${event.type}\ndata: ${JSON.stringify({ at: event.at, ...event.data })}\n\n`);
      });
      heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      send(`retry: 5000\nevent: hello\ndata: {"subscribed":true}\n\n`);
    },
    cancel: stop,
  });
}
