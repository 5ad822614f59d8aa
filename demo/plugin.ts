/**
 * How the demo region plugs into an app that never imports it: entry points (main.ts,
 * `deno task job`) pass `prepareDemo` to openServices and register `demoJob`.
 */
import type { Db } from "../infra/db.ts";
import { markRefresh } from "../models/refresh.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { seedDemo } from "./seed.ts";
import { extendDemo } from "./live.ts";
import { demoJob } from "./worker.ts";

export { demoJob };

/**
 * Seeds the demo region into an empty database, or brings an earlier seed up to the current
 * hour, and asks for its forecasts and plans to be rebuilt (reads never build them).
 */
export async function prepareDemo(db: Db, opts: { days?: number; now?: Date } = {}) {
  const seeded = await seedDemo(db, opts);
  const extended = seeded.seeded ? null : await extendDemo(db, opts.now);
  const orgId = seeded.seeded ? await findDemoOrgId(db) : extended?.orgId;
  if (orgId) await markRefresh(db, orgId, "demo");
}
