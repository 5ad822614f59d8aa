/**
 * Island bundles (issue 11): names are content hashes, the same for two builds of the same
 * sources; a build beside a running server never takes away a file it serves; the test run
 * builds into a folder of its own; and compressed siblings are served to browsers that ask.
 */
import { expect } from "expect";
import { buildIslands } from "../framework/island_build.ts";
import { islandsDir } from "../lib/islands_dir.ts";
import { createApp, loadIslandAssets } from "../lib/app.ts";
import { dbTest } from "./support/services.ts";

const root = new URL("../", import.meta.url);
const staticIslands = new URL("../static/_islands/", import.meta.url).pathname;

async function tempDir() {
  return new URL(`file://${await Deno.makeTempDir({ prefix: "festsafe-islands-test-" })}/`);
}

const listing = (dir: URL) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("two builds of unchanged sources give identical island file names", async () => {
  const [a, b] = [await tempDir(), await tempDir()];
  try {
    const first = await buildIslands(root, { outDir: a, compress: false });
    const second = await buildIslands(root, { outDir: b, compress: false });
    expect(second).toEqual(first);
    expect(Object.keys(first)).toContain("RegionMap");
    expect(listing(b)).toEqual(listing(a));
    for (const name of listing(a).filter((n) => n.endsWith(".js"))) {
      expect(await Deno.readFile(new URL(name, b))).toEqual(await Deno.readFile(new URL(name, a)));
    }
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});

dbTest("a rebuild beside a running server leaves it serving; tests build elsewhere", async (s) => {
  // `deno task test` (scripts/run_tests.ts) points ISLANDS_DIR at a folder of the run's own.
  if (Deno.env.get("ISLANDS_DIR")) expect(islandsDir().pathname).not.toBe(staticIslands);
  const dir = await tempDir();
  const server = { close: async () => {} };
  try {
    await buildIslands(root, { outDir: dir });
    const assets = await loadIslandAssets(dir);
    const app = createApp(s, assets, dir);
    const http = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
    server.close = () => http.shutdown();
    const base = `http://127.0.0.1:${http.addr.port}`;
    // A file an older build left a moment ago stays; one no build has named for days goes.
    await Deno.writeTextFile(new URL("Recent-AAAAAAAA.js", dir), "export {};");
    await Deno.writeTextFile(new URL("Stale-BBBBBBBB.js", dir), "export {};");
    const old = new Date(Date.now() - 3 * 86_400_000);
    await Deno.utime(new URL("Stale-BBBBBBBB.js", dir), old, old);

    await buildIslands(root, { outDir: dir });
    const urls = [...Object.values(assets.islands), ...Object.values(assets.vendor ?? {})];
    for (const url of urls) {
      const res = await fetch(`${base}${url}`, { headers: { "accept-encoding": "identity" } });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      await res.body?.cancel();
    }
    expect(listing(dir)).toContain("Recent-AAAAAAAA.js");
    expect(listing(dir)).not.toContain("Stale-BBBBBBBB.js");

    // The 14 MB WebAssembly and the map bundle travel compressed to browsers that accept it.
    const wasm = await fetch(`${base}${assets.vendor!.ortWasm}`, {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect(wasm.headers.get("content-encoding")).toBe("br");
    expect(Number(wasm.headers.get("content-length"))).toBeLessThan(4_000_000);
    expect(wasm.headers.get("cache-control")).toContain("immutable");
    await wasm.body?.cancel();
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
