/**
 * Which way imports go (issue #9, ARCHITECTURE): production code never imports the demo, the web
 * framework imports nothing of the app, and SQL lives in models/ (and infra/). The static import
 * graph of every .ts/.tsx file is read from the source (tests/support/source_scan.ts).
 *
 * Known violations are listed edge by edge with the work that removes them. The lists must match
 * exactly: a new violation fails, and so does a listed one that is gone (delete its line).
 */
import { expect } from "expect";
import { importSpecifiers, stringLiterals } from "./support/source_scan.ts";

const root = new URL("../", import.meta.url);
const skipped = new Set(["node_modules", ".git", "data", "out", "static/_islands"]);

async function sourceFiles(dir = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir || ".", root))) {
    const path = dir + entry.name;
    if (entry.isDirectory && !skipped.has(path)) out.push(...await sourceFiles(path + "/"));
    else if (entry.isFile && /\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** A relative specifier as a path from the repository root; null for packages. */
function resolve(importer: string, specifier: string): string | null {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return null;
  const parts = importer.split("/").slice(0, -1);
  for (const p of specifier.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

const files = await sourceFiles();
const edges: [string, string][] = [];
for (const file of files) {
  const source = await Deno.readTextFile(new URL(file, root));
  for (const specifier of importSpecifiers(source)) {
    const target = resolve(file, specifier);
    edges.push([file, target ?? `package:${specifier}`]);
  }
}
const isTest = (f: string) => f.startsWith("tests/") || /_test\.tsx?$/.test(f);

/** Composition roots and tools that may wire the demo in. */
const demoWiring = [
  "main.ts", // passes prepareDemo and the hourly `demo` job to the server
  "workers/job_cli.ts", // the same for `deno task job`
  "ml/train_cli.ts", // `--simulate`
];
/** Production files that import demo/: none (the event-load model lives in domain/). */
const knownDemoImports: string[] = [];

Deno.test("import graph: only composition roots, tools and tests import demo/", () => {
  const found = edges
    .filter(([from, to]) => to.startsWith("demo/") && !from.startsWith("demo/"))
    .filter(([from]) => !demoWiring.includes(from) && !isTest(from))
    .filter(([from]) => !from.startsWith("bench/") && !from.startsWith("scripts/"))
    .map(([from, to]) => `${from} -> ${to}`);
  console.log(`demo/ imported by production code:\n  ${found.join("\n  ") || "(none)"}`);
  expect([...new Set(found)].sort()).toEqual(knownDemoImports);
});

/** framework/ files that import the app today: the framework becomes generic over the state. */
const knownFrameworkImports: string[] = [];

Deno.test("import graph: framework/ imports only framework/ and packages", () => {
  const found = edges
    .filter(([from, to]) => from.startsWith("framework/") && !to.startsWith("package:"))
    .filter(([, to]) => !to.startsWith("framework/"))
    .map(([from, to]) => `${from} -> ${to}`);
  console.log(`framework/ importing the app:\n  ${found.join("\n  ") || "(none)"}`);
  expect([...new Set(found)].sort()).toEqual(knownFrameworkImports);
});

/** Where SQL may be written. */
const sqlHomes = [
  "models/",
  "infra/", // database adapters and the migration runner
  "migrations/",
  "tests/",
  // Benchmarks build their fixtures and time raw-SQL baselines against the models' statements.
  "bench/",
];
const sql = /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/;

Deno.test("SQL is written only in models/ (and infrastructure, migrations, tests)", async () => {
  const found: string[] = [];
  for (const file of files) {
    if (sqlHomes.some((dir) => file.startsWith(dir)) || isTest(file)) continue;
    const literals = stringLiterals(await Deno.readTextFile(new URL(file, root)));
    const hit = literals.find((s) => sql.test(s));
    if (hit) found.push(`${file}: ${hit.trim().split("\n")[0].slice(0, 80)}`);
  }
  expect(found).toEqual([]);
});

Deno.test("import graph: the scan sees the tree", () => {
  // Guards the three tests above against passing on an empty or misread graph.
  expect(files.length).toBeGreaterThan(200);
  expect(files).toContain("framework/app.ts");
  expect(edges).toContainEqual(["models/plans.ts", "infra/db.ts"]);
  expect(edges).toContainEqual(["infra/db.ts", "infra/db_postgres.ts"]); // dynamic import
  expect(edges).toContainEqual(["infra/db_postgres.ts", "package:postgres"]);
});
