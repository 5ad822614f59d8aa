/**
 * `deno task job <name>`: runs one job once, now, and exits non-zero when it failed, timed out
 * or could not start because another instance is running it.
 */
import { ConfigError, loadConfig } from "../infra/config.ts";
import { setLogLevel } from "../infra/log.ts";
import { closeServices, openServices } from "../lib/runtime.ts";
import { getJob, listJobs, registerJob } from "./registry.ts";
import { demoJob, prepareDemo } from "../demo/plugin.ts";

registerJob(demoJob);
import { runJob } from "./runner.ts";

const name = Deno.args[0];
const known = listJobs().map((j) => j.name).join(", ");
if (!name || name.startsWith("-")) {
  console.error(`usage: deno task job <name>   (jobs: ${known})`);
  Deno.exit(2);
}
const def = getJob(name);
if (!def) {
  console.error(`festsafe: unknown job "${name}" (jobs: ${known})`);
  Deno.exit(2);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`festsafe: ${err.message}`);
  Deno.exit(2);
}
setLogLevel(config.LOG_LEVEL);
const services = await openServices(config, {
  prepare: config.SEED_DEMO === "on" ? (db) => prepareDemo(db) : undefined,
});
let code = 1;
try {
  const report = await runJob(services, def);
  console.log(JSON.stringify(report));
  code = report.outcome === "ok" || report.outcome === "skipped" ? 0 : 1;
  if (code !== 0) {
    console.error(
      `festsafe: job ${name} ${report.outcome}${report.error ? `: ${report.error}` : ""}`,
    );
  }
} finally {
  await closeServices(services);
}
Deno.exit(code);
