/**
 * Live updates for dashboards: jobs and ingestion publish small events through the cache's
 * pub/sub (Redis across instances; BroadcastChannel between Deno Deploy isolates with Upstash;
 * in-process otherwise), and GET /api/live streams those of the caller's organisation — and the
 * region-wide ones — as Server-Sent Events.
 */
import type { Cache } from "./cache.ts";
import { log } from "./log.ts";
import { gauge } from "./metrics.ts";

const liveClients = gauge("festsafe_live_clients", "Open live-update (SSE) streams.");

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

type Listener = { orgId: string; deliver: (frame: Uint8Array) => void };

/**
 * One subscription per cache and process, however many streams are open: each message is parsed
 * and encoded once, then the same bytes go to every stream of its organisation (10,000 open
 * dashboards cost one Redis subscription and one JSON.parse per event, not 10,000).
 */
interface Hub {
  listeners: Set<Listener>;
  ready: Promise<() => Promise<void>>;
}
const hubs = new WeakMap<Cache, Hub>();
const encoder = new TextEncoder();

function hubOf(cache: Cache): Hub {
  let hub = hubs.get(cache);
  if (hub) return hub;
  const listeners = new Set<Listener>();
  const ready = cache.subscribe(CHANNEL, (message) => {
    let event: LiveEvent;
    try {
      event = JSON.parse(message);
    } catch {
      return;
    }
    const frame = encoder.encode(
      `event: ${event.type}\ndata: ${JSON.stringify({ at: event.at, ...event.data })}\n\n`,
    );
    for (const l of listeners) {
      if (event.orgId === null || event.orgId === l.orgId) l.deliver(frame);
    }
  });
  hubs.set(cache, hub = { listeners, ready });
  ready.catch(() => hubs.delete(cache)); // the next stream tries to subscribe again
  return hub;
}

/** An SSE stream of the organisation's events until the signal aborts or the client leaves. */
export function liveStream(cache: Cache, orgId: string, clientSignal: AbortSignal) {
  const signal = AbortSignal.any([clientSignal, shuttingDown.signal]);
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let listener: Listener | undefined;
  let hub: Hub | undefined;
  let closed = false;
  let counted = false;
  const stop = () => {
    if (closed) return;
    closed = true;
    if (counted) liveClients.dec();
    clearInterval(heartbeat);
    if (listener) hub?.listeners.delete(listener);
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (bytes: Uint8Array) => {
        if (!closed) controller.enqueue(bytes);
      };
      const end = () => {
        if (closed) return;
        stop();
        controller.close();
      };
      if (signal.aborted) return end();
      liveClients.inc();
      counted = true;
      signal.addEventListener("abort", end, { once: true });
      hub = hubOf(cache);
      listener = { orgId, deliver: send };
      hub.listeners.add(listener);
      await hub.ready;
      heartbeat = setInterval(() => send(encoder.encode(": keep-alive\n\n")), HEARTBEAT_MS);
      send(encoder.encode(`retry: 5000\nevent: hello\ndata: {"subscribed":true}\n\n`));
    },
    cancel: stop,
  });
}
