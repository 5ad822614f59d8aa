/**
 * Caps on open live streams (issue 21: one analyst held 1,800 streams; the rate limit counts
 * opens per minute, not streams held). Counted exactly, in this process: a stream is one
 * connection to one instance, and the counts must drop the moment a stream ends (a counter in
 * the shared cache would leak the streams of an instance that died). Behind N instances a user
 * may therefore hold up to N × the per-user cap; the per-organisation cap is per instance too.
 */
export interface StreamLimits {
  perUser: number;
  perOrg: number;
}

/** Why a stream was refused, for the 429. */
export type Refusal = "user" | "org";

const byUser = new Map<string, number>();
const byOrg = new Map<string, number>();

function bump(map: Map<string, number>, key: string, by: 1 | -1) {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

/**
 * Takes a slot for one stream of `holder` (a user or API key) in `orgId`: a release function to
 * call exactly once when the stream ends, or the cap that is full.
 */
export function openStreamSlot(
  holder: string,
  orgId: string,
  limits: StreamLimits,
): { release: () => void } | { refused: Refusal } {
  if ((byUser.get(holder) ?? 0) >= limits.perUser) return { refused: "user" };
  if ((byOrg.get(orgId) ?? 0) >= limits.perOrg) return { refused: "org" };
  bump(byUser, holder, 1);
  bump(byOrg, orgId, 1);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      bump(byUser, holder, -1);
      bump(byOrg, orgId, -1);
    },
  };
}

/** Streams open now for a holder and an organisation (tests, metrics). */
export function openStreams(holder: string, orgId: string) {
  return { user: byUser.get(holder) ?? 0, org: byOrg.get(orgId) ?? 0 };
}
