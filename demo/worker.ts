/** The `demo` job: extends the demo region's simulated history to the current hour. */
import { extendDemo } from "./live.ts";
import { publishLive } from "../infra/live.ts";
import type { JobDef } from "../workers/runner.ts";

export const demoJob: JobDef = {
  name: "demo",
  schedule: "1 * * * *",
  timeoutMs: 5 * 60_000,
  async run(ctx) {
    if (ctx.config.SEED_DEMO === "off") return { skipped: "SEED_DEMO=off" };
    const done = await extendDemo(ctx.db, ctx.now);
    if (!done) return { rows: 0 };
    await publishLive(ctx.cache, "observation", done.orgId, {
      source: "demo",
      accepted: done.observations,
    });
    return { rows: done.observations + done.environment, detail: done };
  },
};
