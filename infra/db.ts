/** One small database interface over postgres.js (DATABASE_URL) and PGlite (embedded default). */
export interface Queryable {
  /** Runs one parameterised statement ($1, $2 …) and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs fn in one transaction; it commits when fn resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Bulk-loads CSV rows (no header) into table(columns) with COPY FROM STDIN. */
  copyIn(table: string, columns: string[], csv: ReadableStream<Uint8Array> | string): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Connections in use and the pool's size (metrics). */
  stats(): { busy: number; size: number };
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  /** Connections in the PostgreSQL pool (default 10). */
  poolSize?: number;
  /** Statements running longer are cancelled by PostgreSQL (default 60 s; 0 = no limit). */
  statementTimeoutMs?: number;
}

/**
 * The database cannot be reached (refused, reset, shutting down, timed out connecting): the
 * request answers 503 with Retry-After and the pool reconnects by itself.
 */
export class DbUnavailable extends Error {
  override name = "DbUnavailable";
}

const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

/** True for an error that means "no database right now" rather than a bad statement. */
export function isUnavailableError(err: unknown): boolean {
  if (err instanceof DbUnavailable) return true;
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "string" && unavailableCodes.has(code)) return true;
  const name = (err as { name?: unknown })?.name;
  return name === "ConnectionRefused" || name === "ConnectionReset" || name === "BrokenPipe";
}

/** Opens PostgreSQL when a URL is given, else PGlite in pgliteDir (or memory://). */
export async function openDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const { openPostgres } = await import("./db_postgres.ts");
    return openPostgres(opts.databaseUrl, opts);
  }
  const { openPglite } = await import("./db_pglite.ts");
  return openPglite(opts.pgliteDir ?? "memory://");
}

const identifier = /^[a-z_][a-z0-9_]*$/;

/** Builds the COPY statement, refusing anything but plain identifiers. */
export function copyStatement(table: string, columns: string[]): string {
  for (const name of [table, ...columns]) {
    if (!identifier.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  }
  return `COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`;
}

/** Quotes one value for a CSV line in PostgreSQL's COPY csv format (empty = NULL). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = value instanceof Date ? value.toISOString() : String(value);
  return /[",\n\r]/.test(s) || s === "" ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Joins values into one CSV line with its newline. */
export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(",") + "\n";
}
