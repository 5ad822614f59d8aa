/**
 * The HTTP listener with connection hygiene, which `Deno.serve` lacks (no connection cap, no
 * header or idle timeout; at the file-descriptor limit its accept loop throws and the process
 * exits). A JS accept loop (`Deno.listen`) counts connections and hands each one to Deno's own
 * HTTP engine (`serveHttpOnConnection`, the per-connection half of `Deno.serve`), so requests
 * take the same native path as before. Per connection:
 * - **header timeout**: a new connection that has not delivered a request's headers within
 *   `headerTimeoutMs` is closed (idle sockets, one header line every 10 s);
 * - **idle timeout**: a kept-alive connection with nothing in flight for `idleTimeoutMs` (which
 *   also bounds reading the next request's headers) is closed; live streams are in flight until
 *   they end, so they are never cut;
 * - **cap**: at `maxConnections`, the oldest idle connection is closed to make room; when every
 *   connection is busy, the newcomer gets `503` with `Retry-After` and is closed;
 * - an `accept` that fails (EMFILE at the descriptor limit) is retried after a pause.
 *
 * node:http (headersTimeout, requestTimeout, maxConnections) does the same in Deno 2.9.6 but
 * answered 2–4× fewer requests per second than `Deno.serve` on the same Hono app; this front
 * costs a timer per connection and a promise per request. Where the internal hook is missing
 * (another runtime, Deno Deploy), it falls back to plain `Deno.serve`.
 */
import { log } from "../infra/log.ts";

export interface GuardOptions {
  port: number;
  hostname?: string;
  maxConnections: number;
  headerTimeoutMs: number;
  idleTimeoutMs: number;
  onListen?: (addr: Deno.NetAddr) => void;
}

export interface GuardedServer {
  addr: Deno.NetAddr;
  /** Stops accepting, lets in-flight requests finish, then closes every connection. */
  shutdown(): Promise<void>;
  /** Open connections now (for metrics and tests). */
  open(): number;
}

type ServeInfo = Deno.ServeHandlerInfo<Deno.NetAddr> & { completed?: Promise<void> };
type Handler = (req: Request, info: ServeInfo) => Response | Promise<Response>;
type ConnServer = { finished: Promise<void>; shutdown(): Promise<void> };
type ServeOnConnection = (
  conn: Deno.Conn,
  signal: AbortSignal | undefined,
  handler: Handler,
  onError: (err: unknown) => Response,
  onListen: (scheme: string) => void,
) => ConnServer;

function serveOnConnection(): ServeOnConnection | null {
  const internal = (Deno as unknown as Record<symbol, Record<string, unknown>>)[
    (Deno as unknown as { internal: symbol }).internal
  ];
  const fn = internal?.serveHttpOnConnection;
  return typeof fn === "function" ? fn as ServeOnConnection : null;
}

const SHED = new TextEncoder().encode(
  "HTTP/1.1 503 Service Unavailable\r\nretry-after: 5\r\ncontent-type: text/plain\r\n" +
    "content-length: 30\r\nconnection: close\r\n\r\ntoo many connections; retry.\r\n",
);

const onError = (err: unknown) => {
  log.error("request failed outside the app", { error: String(err) });
  return new Response("internal error", { status: 500 });
};

interface Tracked {
  conn: Deno.Conn;
  server?: ConnServer;
  inFlight: number;
  timer?: ReturnType<typeof setTimeout>;
  /** Set once the socket is closed (by us or the peer): the engine's resource is gone. */
  closed?: boolean;
}

/** Serves handler on port with the limits above (falls back to Deno.serve without the hook). */
export function serveGuarded(opts: GuardOptions, handler: Handler): GuardedServer {
  const onConnection = serveOnConnection();
  if (!onConnection) {
    log.warn("connection limits unavailable in this runtime; serving with Deno.serve");
    const s = Deno.serve({
      port: opts.port,
      hostname: opts.hostname,
      onListen: (a) => opts.onListen?.(a),
    }, handler);
    return { addr: s.addr, shutdown: () => s.shutdown(), open: () => -1 };
  }
  const listener = Deno.listen({ port: opts.port, hostname: opts.hostname ?? "0.0.0.0" });
  const addr = listener.addr as Deno.NetAddr;
  const all = new Set<Tracked>();
  /** Connections with nothing in flight, oldest first (a Set keeps insertion order). */
  const idle = new Set<Tracked>();
  let stopping = false;

  /** Closes a connection we gave up on. */
  const close = (t: Tracked) => {
    forget(t);
    if (t.closed) return;
    t.closed = true;
    // The engine owns the socket: its per-connection shutdown closes an idle connection or one
    // still sending headers at once (a request in flight would finish first; idle ones have
    // none). Not the abort signal: once the peer has gone, its listener throws on a dead
    // resource, outside any caller.
    t.server?.shutdown().catch(() => {});
  };
  const forget = (t: Tracked) => {
    clearTimeout(t.timer);
    idle.delete(t);
  };
  const becomeIdle = (t: Tracked, ms: number) => {
    idle.add(t);
    clearTimeout(t.timer);
    t.timer = setTimeout(() => close(t), ms);
  };

  const accept = (conn: Deno.Conn) => {
    if (all.size >= opts.maxConnections) {
      const oldest = idle.values().next().value;
      if (!oldest) {
        conn.write(SHED).catch(() => {}).finally(() => {
          try {
            conn.close();
          } catch { /* gone */ }
        });
        return;
      }
      close(oldest);
    }
    const t: Tracked = { conn, inFlight: 0 };
    all.add(t);
    becomeIdle(t, opts.headerTimeoutMs);
    const wrapped: Handler = (req, info) => {
      t.inFlight++;
      idle.delete(t);
      clearTimeout(t.timer);
      const done = () => {
        if (--t.inFlight === 0 && !stopping && !t.closed) becomeIdle(t, opts.idleTimeoutMs);
      };
      if (info.completed) info.completed.then(done, done);
      else req.signal.addEventListener("abort", done, { once: true });
      return handler(req, info);
    };
    try {
      t.server = onConnection(conn, undefined, wrapped, onError, () => {});
    } catch (err) {
      log.warn("connection setup failed", { error: String(err) });
      all.delete(t);
      forget(t);
      try {
        conn.close();
      } catch { /* gone */ }
      return;
    }
    t.server.finished.catch(() => {}).finally(() => {
      t.closed = true;
      all.delete(t);
      forget(t);
    });
  };

  let lastWarned = 0;
  const loop = (async () => {
    while (!stopping) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (err) {
        if (stopping || err instanceof Deno.errors.BadResource) return;
        // EMFILE/ENFILE and the like: the pending connection stays queued; try again shortly.
        if (Date.now() - lastWarned > 10_000) {
          lastWarned = Date.now();
          log.warn("accept failed; retrying", { error: String(err), open: all.size });
        }
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      accept(conn);
    }
  })();
  opts.onListen?.(addr);

  return {
    addr,
    open: () => all.size,
    async shutdown() {
      stopping = true;
      try {
        listener.close();
      } catch { /* closed */ }
      await loop;
      // Idle connections close at once; those with requests in flight after them.
      await Promise.all([...all].map((t) => {
        forget(t);
        t.closed = true;
        return t.server?.shutdown().catch(() => {});
      }));
    },
  };
}

/** The process's soft limit on open files (Linux /proc), or null where it cannot be read. */
export async function openFileLimit(): Promise<number | null> {
  try {
    const text = await Deno.readTextFile("/proc/self/limits");
    const m = text.match(/^Max open files\s+(\d+|unlimited)/m);
    return m && m[1] !== "unlimited" ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The connection cap: MAX_CONNECTIONS when set, else the open-file limit less a reserve for the
 * database pool, log, static files and outgoing calls (256), at least 64; 10,000 without a limit.
 */
export function connectionCap(configured: number | undefined, fileLimit: number | null): number {
  const fromLimit = fileLimit === null ? 10_000 : Math.max(64, fileLimit - 256);
  return configured ?? fromLimit;
}
