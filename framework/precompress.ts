/**
 * Brotli and gzip siblings (`file.br`, `file.gz`) of a build's text and WebAssembly files, so
 * that the static file server sends compressed bytes without compressing per request. Brotli at
 * its best quality takes ~45 s for the 14 MB ONNX Runtime binary, so large files use quality 9
 * (2.7 MB instead of 2.4 MB, ~5 s). Results are kept in a cache folder keyed by the content's
 * SHA-256: a rebuild (or a test run building into its own folder) compresses only what changed.
 */
import zlib from "node:zlib";
import { promisify } from "node:util";
import { sha256Hex, writeOnce } from "./files.ts";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const COMPRESSIBLE = /\.(m?js|css|wasm|json|svg|geojson)$/;
/** Below this a compressed answer saves less than its header costs. */
const MIN_BYTES = 1024;
/** Above this, brotli quality 11 costs seconds per megabyte for a few per cent. */
const BEST_QUALITY_MAX_BYTES = 2_000_000;

async function compressed(bytes: Uint8Array, kind: "br" | "gz"): Promise<Uint8Array> {
  if (kind === "gz") return new Uint8Array(await gzip(bytes, { level: 9 }));
  const quality = bytes.byteLength <= BEST_QUALITY_MAX_BYTES ? 11 : 9;
  return new Uint8Array(
    await brotli(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }),
  );
}

/** Writes `name.br` and `name.gz` into outDir for every compressible file of the build. */
export async function precompress(outDir: URL, files: Map<string, Uint8Array>, root: URL) {
  const cacheDir = new URL("node_modules/.cache/festsafe-precompressed/", root);
  await Deno.mkdir(cacheDir, { recursive: true });
  const jobs: Promise<void>[] = [];
  for (const [name, bytes] of files) {
    if (!COMPRESSIBLE.test(name) || bytes.byteLength < MIN_BYTES) continue;
    jobs.push((async () => {
      const hash = await sha256Hex(bytes);
      for (const kind of ["br", "gz"] as const) {
        const cached = new URL(`${hash}.${kind}`, cacheDir);
        let out: Uint8Array;
        try {
          out = await Deno.readFile(cached);
        } catch {
          out = await compressed(bytes, kind);
          await writeOnce(cached, out);
        }
        await writeOnce(new URL(`${name}.${kind}`, outDir), out);
      }
    })());
  }
  await Promise.all(jobs);
}
