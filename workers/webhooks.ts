/** The `webhooks` job: every minute, send the alert deliveries that are due (and retries). */
import { runDueDeliveries } from "../services/webhooks.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

async function run(ctx: JobContext): Promise<JobResult> {
  const r = await runDueDeliveries(ctx, ctx.now);
  return { rows: r.sent, detail: r };
}

export const webhooksJob: JobDef = {
  name: "webhooks",
  schedule: "* * * * *",
  timeoutMs: 5 * 60_000,
  retries: 0, // each delivery has its own retries with backoff
  run,
};
