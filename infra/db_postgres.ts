import postgres from "postgres";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { copyStatement, type Db, type Queryable } from "./db.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

function wrap(sql: Sql): Queryable {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      // deno-lint-ignore no-explicit-any
      const rows = await sql.unsafe(text, params as any[]);
      return [...rows] as T[];
    },
    async exec(script: string) {
      await sql.unsafe(script);
    },
  };
}

/** Connects to PostgreSQL; int8 and numeric come back as numbers like on PGlite. */
export function openPostgres(url: string): Db {
  const toNumber = (x: string) => Number(x);
  const sql = postgres(url, {
    max: 10,
    onnotice: () => {},
    connect_timeout: 5,
    connection: { TimeZone: "UTC", application_name: "festsafe" },
    types: {
      int8: { to: 20, from: [20], serialize: String, parse: toNumber },
    },
  });
  const base = wrap(sql);
  return {
    kind: "postgres",
    ...base,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      sql.begin((tx) => fn(wrap(tx))) as Promise<T>,
    async copyIn(table, columns, csv) {
      const writable = await sql.unsafe(copyStatement(table, columns)).writable();
      const source = typeof csv === "string"
        ? Readable.from([csv])
        // deno-lint-ignore no-explicit-any
        : Readable.fromWeb(csv as any);
      await pipeline(source, writable);
    },
    async ping() {
      await sql`SELECT 1`;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
