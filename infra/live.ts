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

type Listener = (frame: Uint8Array) => void;

/**
 * One subscription per cache and process, however many streams are open: each message is parsed
 * and encoded once, then the same bytes go to the streams of its organisation only (10,000 open
 * dashboards cost one Redis subscription and one JSON.parse per event, not 10,000). Heartbeats
 * are one timer per hub writing one shared comment frame, not a timer per stream.
 */
interface Hub {
  /** Open streams by organisation; region-wide events go to all of them. */
  byOrg: Map<string, Set<Listener>>;
  size: number;
  heartbeat?: ReturnType<typeof setInterval>;
  /** Frames waiting to be handed to their streams, in order (see `fanOut`). */
  queue: { frame: Uint8Array; to: Listener[] }[];
  next: number;
  draining: boolean;
  ready: Promise<() => Promise<void>>;
}
const hubs = new WeakMap<Cache, Hub>();
const encoder = new TextEncoder();
const keepAlive = encoder.encode(": keep-alive\n\n");
const hello = encoder.encode(`retry: 5000\nevent: hello\ndata: {"subscribed":true}\n\n`);

/**
 * Streams handed a frame before the hub yields to the event loop. Enqueueing to 10,000 streams
 * takes tens of milliseconds; in slices the first sockets are written (and their clients read)
 * while the rest wait, instead of every socket waiting for the last enqueue.
 */
const SLICE = 1000;

/** Queues one frame for the given streams; frames reach each stream in publication order. */
function fanOut(hub: Hub, frame: Uint8Array, to: Listener[]) {
  if (!to.length) return;
  hub.queue.push({ frame, to });
  if (!hub.draining) drain(hub);
}

function drain(hub: Hub) {
  hub.draining = true;
  let budget = SLICE;
  while (hub.queue.length) {
    const job = hub.queue[0];
    const end = Math.min(job.to.length, hub.next + budget);
    for (let i = hub.next; i < end; i++) {
      try {
        job.to[i](job.frame);
      } catch {
        // A stream that broke under us: the others still get the frame, the queue keeps going.
      }
    }
    budget -= end - hub.next;
    if (end < job.to.length) {
      hub.next = end;
      setTimeout(drain, 0, hub);
      return;
    }
    hub.queue.shift();
    hub.next = 0;
  }
  hub.draining = false;
}

function everyStream(hub: Hub): Listener[] {
  const all: Listener[] = [];
  for (const streams of hub.byOrg.values()) for (const deliver of streams) all.push(deliver);
  return all;
}

function hubOf(cache: Cache): Hub {
  let hub = hubs.get(cache);
  if (hub) return hub;
  const byOrg = new Map<string, Set<Listener>>();
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
    const h = hub!;
    fanOut(h, frame, event.orgId === null ? everyStream(h) : [...byOrg.get(event.orgId) ?? []]);
  });
  hubs.set(cache, hub = { byOrg, size: 0, queue: [], next: 0, draining: false, ready });
  ready.catch(() => hubs.delete(cache)); // the next stream tries to subscribe again
  return hub;
}

function addListener(hub: Hub, orgId: string, deliver: Listener) {
  let streams = hub.byOrg.get(orgId);
  if (!streams) hub.byOrg.set(orgId, streams = new Set());
  streams.add(deliver);
  if (hub.size++ === 0) {
    const h = hub;
    hub.heartbeat = setInterval(() => fanOut(h, keepAlive, everyStream(h)), HEARTBEAT_MS);
  }
}

function removeListener(hub: Hub, orgId: string, deliver: Listener) {
  const streams = hub.byOrg.get(orgId);
  if (!streams?.delete(deliver)) return;
  if (streams.size === 0) hub.byOrg.delete(orgId);
  // The last stream gone: no timer keeps the process (or a test) alive.
  if (--hub.size === 0) clearInterval(hub.heartbeat);
}

/**
 * An SSE stream of the organisation's events until the signal aborts or the client leaves;
 * onEnd runs once when it ends, however it ends (it releases the stream's slot).
 */
export function liveStream(
  cache: Cache,
  orgId: string,
  clientSignal: AbortSignal,
  onEnd?: () => void,
) {
  const signal = AbortSignal.any([clientSignal, shuttingDown.signal]);
  let listener: Listener | undefined;
  let hub: Hub | undefined;
  let closed = false;
  let counted = false;
  const stop = () => {
    if (closed) return;
    closed = true;
    onEnd?.();
    if (counted) liveClients.dec();
    if (listener && hub) removeListener(hub, orgId, listener);
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
      listener = send;
      addListener(hub, orgId, listener);
      try {
        await hub.ready;
      } catch (err) {
        stop(); // a failed subscription keeps no listener (nor its hub's heartbeat)
        throw err;
      }
      send(hello);
    },
    cancel: stop,
  });
}
