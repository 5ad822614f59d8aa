import * as esbuild from "esbuild";
import { precompress } from "./precompress.ts";
import { sha256Hex, writeAtomically, writeOnce } from "./files.ts";

/** Where a build writes and how (defaults: `static/_islands/` under the project root). */
export interface IslandBuildOptions {
  /** Output folder; a server reads its manifest.json and serves it under /_islands/. */
  outDir?: URL;
  /** Writes .br and .gz beside every text and WebAssembly file (default true). */
  compress?: boolean;
}

const ENTRY_NAMESPACE = "fs-island-entry";

/**
 * Bundles every island for the browser with esbuild: one entry per island that hydrates its
 * <fs-island> elements, shared chunks split out, content-hashed names, and a manifest.json
 * mapping island name → URL. Client code is compiled with the automatic (react-jsx) runtime:
 * a precompile-JSX client bundle renders but never hydrates (STACK_NOTES.md).
 *
 * Names are true content hashes, stable across builds of the same sources: the hydration entries
 * are virtual modules with fixed paths (a temporary folder's random name used to leak into the
 * hashes). The build never deletes a file a running server may still serve: files are added
 * beside the old ones (each written to a temporary name, then renamed), the manifest is replaced
 * atomically, and only files that no manifest has named for a day are pruned.
 */
export async function buildIslands(
  root: URL,
  opts: IslandBuildOptions = {},
): Promise<Record<string, string>> {
  const islandsDir = new URL("islands/", root);
  const outDir = opts.outDir ?? new URL("static/_islands/", root);
  const names: string[] = [];
  for await (const e of Deno.readDir(islandsDir)) {
    if (/^[A-Z]\w*\.tsx$/.test(e.name)) names.push(e.name.replace(/\.tsx$/, ""));
  }
  names.sort();
  await Deno.mkdir(outDir, { recursive: true });
  try {
    const result = await esbuild.build({
      entryPoints: names.map((name) => ({ in: `island:${name}`, out: name })),
      plugins: [hydrationEntries(islandsDir)],
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: ["es2022"],
      minify: true,
      jsx: "automatic",
      jsxImportSource: "preact",
      outdir: outDir.pathname,
      entryNames: "[name]-[hash]",
      chunkNames: "chunk-[hash]",
      nodePaths: [new URL("node_modules/", root).pathname],
      absWorkingDir: new URL(".", root).pathname,
      metafile: true,
      write: false,
      logLevel: "error",
      define: { "process.env.NODE_ENV": '"production"' },
    });
    const map: Record<string, string> = {};
    for (const [out, meta] of Object.entries(result.metafile.outputs)) {
      const m = meta.entryPoint?.match(/^fs-island-entry:island:(\w+)$/);
      if (m) map[m[1]] = "/_islands/" + out.split("/").pop();
    }
    const missing = names.filter((n) => !map[n]);
    if (missing.length) throw new Error(`island bundles missing from the build: ${missing}`);
    const files = new Map<string, Uint8Array>();
    for (const f of result.outputFiles) files.set(f.path.split("/").pop()!, f.contents);
    const vendor = await vendorFiles(root, files);
    for (const [name, bytes] of files) await writeOnce(new URL(name, outDir), bytes);
    if (opts.compress !== false) await precompress(outDir, files, root);
    await writeAtomically(
      new URL("manifest.json", outDir),
      new TextEncoder().encode(JSON.stringify({ islands: map, vendor }, null, 2)),
    );
    await pruneUnused(outDir, new Set(files.keys()));
    return map;
  } finally {
    await esbuild.stop();
  }
}

/** `island:Name` → a module that hydrates every <fs-island data-island="Name"> on the page. */
function hydrationEntries(islandsDir: URL): esbuild.Plugin {
  return {
    name: "festsafe-island-entries",
    setup(build) {
      build.onResolve({ filter: /^island:\w+$/ }, (args) => ({
        path: args.path,
        namespace: ENTRY_NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: ENTRY_NAMESPACE }, (args) => {
        const name = args.path.slice("island:".length);
        return {
          loader: "js",
          resolveDir: islandsDir.pathname,
          contents: `import { h, hydrate } from "preact";
import Island from "./${name}.tsx";
for (const el of document.querySelectorAll('fs-island[data-island="${name}"]')) {
  hydrate(h(Island, JSON.parse(el.dataset.props || "{}")), el);
}
`,
        };
      });
    },
  };
}

/** Files islands load at run time rather than bundle (a web worker, a stylesheet, WebAssembly). */
const vendorPaths: Record<string, string> = {
  // The site's stylesheet, content-hashed like the bundles so that it can be cached for a year.
  styles: "static/styles.css",
  maplibreWorker: "node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs",
  maplibreCss: "node_modules/maplibre-gl/dist/maplibre-gl.css",
  // ONNX Runtime Web, WASM-only build (STACK_NOTES.md): the API module, its Emscripten glue and
  // the 14 MB binary, loaded by islands/WhatIf.tsx only when the what-if page opens.
  ortModule: "node_modules/onnxruntime-web/dist/ort.wasm.min.mjs",
  ortGlue: "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs",
  ortWasm: "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm",
};

/** Adds the vendor files to `files` under content-hashed names; returns their URLs. */
async function vendorFiles(root: URL, files: Map<string, Uint8Array>) {
  const urls: Record<string, string> = {};
  for (const [name, path] of Object.entries(vendorPaths)) {
    const bytes = await Deno.readFile(new URL(path, root));
    const hash = (await sha256Hex(bytes)).slice(0, 10);
    const base = path.split("/").pop()!;
    const file = base.replace(/(\.m?js|\.css|\.wasm)$/, `-${hash}$1`);
    files.set(file, bytes);
    urls[name] = `/_islands/${file}`;
  }
  return urls;
}

const PRUNE_AFTER_MS = 86_400_000;

/** Removes files this build did not produce once they are a day old (and stray temp files). */
async function pruneUnused(outDir: URL, keep: Set<string>) {
  const now = Date.now();
  for await (const e of Deno.readDir(outDir)) {
    if (!e.isFile || e.name === "manifest.json") continue;
    const base = e.name.replace(/\.(br|gz)$/, "");
    if (keep.has(base)) continue;
    const file = new URL(e.name, outDir);
    const { mtime } = await Deno.stat(file);
    if (now - (mtime?.getTime() ?? now) > PRUNE_AFTER_MS) {
      await Deno.remove(file).catch(() => {});
    }
  }
}
