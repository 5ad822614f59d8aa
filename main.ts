/** FestSafe entry point: assembles the app with the demo region and serves it (lib/server.ts). */
import { main } from "./lib/server.ts";
import { demoJob, prepareDemo } from "./demo/plugin.ts";

if (import.meta.main) {
  const demo = Deno.env.get("SEED_DEMO") !== "off";
  await main({ prepare: demo ? (db) => prepareDemo(db) : undefined, jobs: [demoJob] });
}
