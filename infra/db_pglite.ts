import { PGlite, type Transaction } from "@electric-sql/pglite";
import { copyStatement, type Db, type Queryable } from "./db.ts";

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const r = await q.query<T>(text, params);
      return r.rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  };
}

async function collect(csv: ReadableStream<Uint8Array> | string): Promise<Blob> {
  if (typeof csv === "string") return new Blob([csv]);
  return await new Response(csv).blob();
}

/** Opens (or creates) an embedded PGlite database; "memory://" keeps nothing. */
export async function openPglite(dir: string): Promise<Db> {
  if (!dir.startsWith("memory://")) await Deno.mkdir(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  await pg.exec("SET TIME ZONE 'UTC'");
  const base = wrap(pg);
  return {
    kind: "pglite",
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async copyIn(table, columns, csv) {
      const sql = copyStatement(table, columns).replace("STDIN", "'/dev/blob'");
      await pg.query(sql, [], { blob: await collect(csv) });
    },
    async ping() {
      await pg.query("SELECT 1");
    },
    // One embedded connection; PGlite serialises statements on it.
    stats: () => ({ busy: 0, size: 1 }),
    close: () => pg.close(),
  };
}
