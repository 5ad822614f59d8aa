/** The `refresh` job: every minute, rebuild forecasts and plans whose inputs changed. */
import { runDueRefreshes } from "../services/refresh.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

async function run(ctx: JobContext): Promise<JobResult> {
  const r = await runDueRefreshes(ctx, ctx.now);
  return { rows: r.plans, detail: r };
}

export const refreshJob: JobDef = {
  name: "refresh",
  schedule: "* * * * *",
  timeoutMs: 5 * 60_000,
  retries: 1,
  run,
};
