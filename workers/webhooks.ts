/** The `webhooks` job: every minute, send the alert deliveries that are due (and retries). */
import { runDueDeliveries } from "../services/webhooks.ts";
import type { JobContext, JobDef, JobResult } from "./runner.ts";

async function run(ctx: JobContext): Promise<JobResult> {
  // By the real clock unless the job's time was moved: a real-time run joins the process's
  // delivery run if one is going (services/webhook_delivery.ts) instead of waiting behind it.
  const moved = Math.abs(ctx.now.getTime() - Date.now()) > 60_000;
  const r = await runDueDeliveries(ctx, moved ? ctx.now : undefined);
  return { rows: r.sent, detail: r };
}

export const webhooksJob: JobDef = {
  name: "webhooks",
  schedule: "* * * * *",
  timeoutMs: 5 * 60_000,
  retries: 0, // each delivery has its own retries with backoff
  run,
};
