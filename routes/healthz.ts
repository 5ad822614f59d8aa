import type { Handlers } from "../lib/define.ts";

/** Liveness: the process answers. */
export const handler: Handlers = {
  GET: () => Response.json({ status: "ok" }),
};
