import postgres from "postgres";
import net from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  copyStatement,
  type Db,
  type DbOptions,
  DbUnavailable,
  isUnavailableError,
  type Queryable,
} from "./db.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/** Runs a database call, turning "cannot reach the database" into DbUnavailable. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnavailableError(err) && !(err instanceof DbUnavailable)) {
      throw new DbUnavailable((err as Error).message, { cause: err });
    }
    throw err;
  }
}

function wrap(sql: Sql, busy?: { n: number }): Queryable {
  return {
    query<T>(text: string, params: unknown[] = []) {
      return guarded(async () => {
        if (busy) busy.n++;
        try {
          // deno-lint-ignore no-explicit-any
          const rows = await sql.unsafe(text, params as any[]);
          return [...rows] as T[];
        } finally {
          if (busy) busy.n--;
        }
      });
    },
    exec(script: string) {
      return guarded(async () => {
        await sql.unsafe(script);
      });
    },
  };
}

/**
 * A socket with Nagle's algorithm off. postgres.js leaves it on, and a COPY's last small write
 * (CopyDone) then waits for the server's delayed ACK: every COPY and the next statement on its
 * connection took 40 ms more, whatever the size (a one-row upload spent 90 ms there).
 * postgres.js calls this instead of connecting itself, so it picks the host (rotating through
 * several like postgres.js does) or the Unix socket; writes before `connect` are buffered.
 */
function noDelaySocket() {
  let next = 0;
  return (o: { host: string[]; port: number[]; path?: string | false }) => {
    const socket = new net.Socket();
    socket.setNoDelay(true);
    if (o.path) return socket.connect(o.path);
    const i = next++ % o.host.length;
    const host = o.host[i];
    const port = o.port[i] ?? o.port[0];
    // postgres.js reads these back (TLS server name, error messages).
    Object.assign(socket, { host, port });
    return socket.connect(port, host);
  };
}

/** Connects to PostgreSQL; int8 and numeric come back as numbers like on PGlite. */
export function openPostgres(url: string, opts: DbOptions = {}): Db {
  const toNumber = (x: string) => Number(x);
  const size = opts.poolSize ?? 10;
  const busy = { n: 0 };
  const sql = postgres(url, {
    max: size,
    onnotice: () => {},
    // An option postgres.js supports but does not declare in its types.
    ...({ socket: noDelaySocket() } as object),
    connect_timeout: 5,
    connection: {
      TimeZone: "UTC",
      application_name: "festsafe",
      statement_timeout: opts.statementTimeoutMs ?? 60_000,
    },
    types: {
      int8: { to: 20, from: [20], serialize: String, parse: toNumber },
    },
  });
  const base = wrap(sql, busy);
  return {
    kind: "postgres",
    ...base,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      guarded(async () => {
        busy.n++;
        try {
          return await (sql.begin((tx) => fn(wrap(tx))) as Promise<T>);
        } finally {
          busy.n--;
        }
      }),
    copyIn: (table, columns, csv) =>
      guarded(async () => {
        busy.n++;
        try {
          // On a connection of its own: postgres.js pipelines queries onto busy connections, and
          // a query sent into a COPY in progress makes PostgreSQL drop the connection ("protocol
          // synchronization was lost"), after which requests on it hung (seen under the fuzz).
          // The source is read whole first, so the COPY on the reserved connection is one short
          // write (a server restart mid-COPY on it crashed postgres.js's writer).
          const text = typeof csv === "string" ? csv : await new Response(csv).text();
          const conn = await sql.reserve();
          try {
            const writable = await conn.unsafe(copyStatement(table, columns)).writable();
            await pipeline(Readable.from([text]), writable);
          } finally {
            conn.release();
          }
        } finally {
          busy.n--;
        }
      }),
    ping: () =>
      guarded(async () => {
        await sql`SELECT 1`;
      }),
    stats: () => ({ busy: Math.min(busy.n, size), size }),
    close: () => sql.end({ timeout: 5 }),
  };
}
