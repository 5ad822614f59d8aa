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

/**
 * PGlite writes its files with the process umask (often 0666 & ~022): the folder is made 0700,
 * so nobody else on the machine can reach them, and files already there become 0600.
 */
async function restrictToOwner(dir: string) {
  if (Deno.build.os === "windows") return;
  await Deno.chmod(dir, 0o700);
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory) {
        await Deno.chmod(p, 0o700);
        await walk(p);
      } else if (e.isFile) await Deno.chmod(p, 0o600);
    }
  };
  await walk(dir);
}

/** Opens (or creates) an embedded PGlite database; "memory://" keeps nothing. */
export async function openPglite(dir: string): Promise<Db> {
  if (!dir.startsWith("memory://")) await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const pg = await PGlite.create(dir);
  if (!dir.startsWith("memory://")) await restrictToOwner(dir);
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
