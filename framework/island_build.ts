import * as esbuild from "esbuild";

/**
 * Bundles every island for the browser with esbuild: one entry per island that hydrates its
 * <fs-island> elements, shared chunks split out, content-hashed names, and a manifest.json
 * mapping island name → URL. Client code is compiled with the automatic (react-jsx) runtime:
 * a precompile-JSX client bundle renders but never hydrates (STACK_NOTES.md).
 */
export async function buildIslands(root: URL): Promise<Record<string, string>> {
  const islandsDir = new URL("islands/", root);
  const outDir = new URL("static/_islands/", root);
  const names: string[] = [];
  for await (const e of Deno.readDir(islandsDir)) {
    if (/^[A-Z]\w*\.tsx$/.test(e.name)) names.push(e.name.replace(/\.tsx$/, ""));
  }
  names.sort();
  const entryDir = await Deno.makeTempDir({ prefix: "festsafe-islands-" });
  const entryPoints: Record<string, string> = {};
  for (const name of names) {
    const file = `${entryDir}/${name}.js`;
    const islandPath = new URL(`${name}.tsx`, islandsDir).pathname;
    await Deno.writeTextFile(
      file,
      `import { h, hydrate } from "preact";
import Island from ${JSON.stringify(islandPath)};
for (const el of document.querySelectorAll('fs-island[data-island="${name}"]')) {
  hydrate(h(Island, JSON.parse(el.dataset.props || "{}")), el);
}
`,
    );
    entryPoints[name] = file;
  }
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(outDir, { recursive: true });
  try {
    const result = await esbuild.build({
      entryPoints,
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
      logLevel: "error",
      define: { "process.env.NODE_ENV": '"production"' },
    });
    const map: Record<string, string> = {};
    for (const [out, meta] of Object.entries(result.metafile.outputs)) {
      if (!meta.entryPoint) continue;
      // Entry files are named after their island; metafile paths are relative to absWorkingDir.
      const name = meta.entryPoint.split("/").pop()!.replace(/\.js$/, "");
      if (name in entryPoints) map[name] = "/_islands/" + out.split("/").pop();
    }
    const missing = names.filter((n) => !map[n]);
    if (missing.length) throw new Error(`island bundles missing from the build: ${missing}`);
    const vendor = await copyVendorFiles(root, outDir);
    await Deno.writeTextFile(
      new URL("manifest.json", outDir),
      JSON.stringify({ islands: map, vendor }, null, 2),
    );
    return map;
  } finally {
    await esbuild.stop();
    await Deno.remove(entryDir, { recursive: true }).catch(() => {});
  }
}

/** Files islands load at run time rather than bundle (a web worker, a stylesheet, WebAssembly). */
const vendorFiles: Record<string, string> = {
  maplibreWorker: "node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs",
  maplibreCss: "node_modules/maplibre-gl/dist/maplibre-gl.css",
  // ONNX Runtime Web, WASM-only build (STACK_NOTES.md): the API module, its Emscripten glue and
  // the 14 MB binary, loaded by islands/WhatIf.tsx only when the what-if page opens.
  ortModule: "node_modules/onnxruntime-web/dist/ort.wasm.min.mjs",
  ortGlue: "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs",
  ortWasm: "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm",
};

async function copyVendorFiles(root: URL, outDir: URL): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const [name, path] of Object.entries(vendorFiles)) {
    const bytes = await Deno.readFile(new URL(path, root));
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hash = [...digest.slice(0, 5)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const base = path.split("/").pop()!;
    const file = base.replace(/(\.m?js|\.css|\.wasm)$/, `-${hash}$1`);
    await Deno.writeFile(new URL(file, outDir), bytes);
    urls[name] = `/_islands/${file}`;
  }
  return urls;
}
