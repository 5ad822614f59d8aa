import type { Handlers } from "../framework/types.ts";

/** Liveness: the process answers. */
export const handler: Handlers = {
  GET: () => Response.json({ status: "ok" }),
};
