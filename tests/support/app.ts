import { createApp, loadIslandAssets } from "../../lib/app.ts";
import type { Services } from "../../lib/runtime.ts";

/** Builds the app in-process over the given services; call it with `app.request(...)`. */
export async function buildTestApp(services: Services) {
  return createApp(services, await loadIslandAssets());
}
