/**
 * A feed's last error in words a reader can act on (issue 22: offline, the panel showed
 * "degraded" and raw request URLs). The raw error stays available, folded, with URLs cut to their
 * host (query strings carry coordinates and sometimes keys).
 */
export type FeedProblemKind = "unreachable" | "refused" | "limited" | "fault" | "other";

export interface FeedProblem {
  kind: FeedProblemKind;
  /** The status badge's word. */
  badge: string;
  /** One sentence: what happened and what follows from it. */
  words: string;
  /** The raw error, URLs reduced to their host. */
  detail: string;
}

const UNREACHABLE =
  /\bunreachable\b|fetch failed|dns error|failed to lookup|getaddrinfo|name or service not known|name resolution|connection refused|econnrefused|network is unreachable|no route to host|timed out|timeout|error sending request|connect\)|certificate|tls handshake/i;

/** Reduces every URL in a message to its host. */
export const hostsOnly = (message: string) =>
  message.replace(/\bhttps?:\/\/([^/\s?#:]+)(:\d+)?[^\s)]*/gi, "$1");

export function feedProblem(error: string): FeedProblem {
  const detail = hostsOnly(error);
  if (UNREACHABLE.test(error)) {
    return {
      kind: "unreachable",
      badge: "offline",
      words: "Cannot reach the service: no internet connection here, or it is blocked. " +
        "Forecasts go on with the readings already stored; the next run tries again.",
      detail,
    };
  }
  if (/\b(401|403)\b/.test(error)) {
    return {
      kind: "refused",
      badge: "refused",
      words: "The service refused the request: check the feed's API key (Administration guide).",
      detail,
    };
  }
  if (/\b429\b/.test(error)) {
    return {
      kind: "limited",
      badge: "rate-limited",
      words: "The service asked to slow down; the next run tries again.",
      detail,
    };
  }
  if (/\b5\d\d\b/.test(error)) {
    return {
      kind: "fault",
      badge: "service fault",
      words: "The service had a fault on its side; the next run tries again.",
      detail,
    };
  }
  return { kind: "other", badge: "failed", words: "The last run failed.", detail };
}
