import { buildIslands } from "../framework/island_build.ts";

const map = await buildIslands(new URL("../", import.meta.url));
console.log(`islands built: ${Object.keys(map).join(", ") || "none"}`);
