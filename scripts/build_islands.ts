import { buildIslands } from "../framework/island_build.ts";
import { islandsDir } from "../lib/islands_dir.ts";

const outDir = islandsDir();
const map = await buildIslands(new URL("../", import.meta.url), { outDir });
console.log(`islands built into ${outDir.pathname}: ${Object.keys(map).join(", ") || "none"}`);
