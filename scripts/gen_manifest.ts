import { generateManifest } from "../framework/manifest_gen.ts";

const root = new URL("../", import.meta.url);
const source = await generateManifest(root);
await Deno.writeTextFile(new URL("routes.gen.ts", root), source);
console.log("routes.gen.ts written");
