/**
 * Fetching JSON from outside services that are sometimes slow, wrong or down: a timeout per
 * request, retries with exponential backoff and jitter, Retry-After honoured on 429/503, and a
 * minimum spacing between calls so each feed stays inside its published rate limit.
 */

/** Why a call failed, so callers and job_runs can tell a timeout from a schema change. */
export type FeedErrorKind =
  | "timeout"
  | "network"
  | "http"
  | "rate_limited"
  | "parse"
  | "schema"
  | "aborted";

/** A failed feed call; the message is one line that names the feed and never holds a key. */
export class FeedError extends Error {
  override name = "FeedError";
  /** Worth another attempt (timeouts, 5xx, 429); a schema change or a 400 is not. */
  retryable = false;
  /** What the service asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;

  constructor(
    readonly kind: FeedErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Knobs of the HTTP client; tests shrink the delays, the bench removes the spacing. */
export interface HttpTuning {
  /** Per request, headers and body included. */
  timeoutMs: number;
  /** Extra attempts after the first for retryable failures. */
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Longest Retry-After (or rate-limit reset) worth waiting for inside one run. */
  maxRetryAfterMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  fetch: typeof fetch;
}

/** Resolves after ms, or rejects as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export const defaultHttpTuning: HttpTuning = {
  timeoutMs: 20_000,
  retries: 3,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 120_000,
  sleep: abortableSleep,
  random: Math.random,
  fetch: (input, init) => fetch(input, init),
};

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(
  attempt: number,
  t: Pick<HttpTuning, "backoffBaseMs" | "backoffMaxMs" | "random">,
) {
  const ceiling = Math.min(t.backoffMaxMs, t.backoffBaseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + t.random() * ceiling / 2);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Hides API keys that some services (AirNow) take in the query string. */
export function redactUrl(url: URL): string {
  const copy = new URL(url);
  for (const name of [...copy.searchParams.keys()]) {
    if (/key|token/i.test(name)) copy.searchParams.set(name, "***");
  }
  return copy.toString().replaceAll("%2A%2A%2A", "***");
}

const retryableStatus = new Set([408, 429, 500, 502, 503, 504]);

export interface GetOptions {
  headers?: Record<string, string>;
  /** The job's signal: aborting it stops waiting, retrying and fetching at once. */
  signal?: AbortSignal;
}

/** One feed's HTTP client: spaced calls, retries and errors that name the feed. */
export class FeedClient {
  #nextAt = 0;
  /** Calls made, retries included (the bench and tests read it). */
  calls = 0;

  constructor(
    readonly feed: string,
    readonly tuning: HttpTuning,
    /** Minimum spacing between calls, from the service's published rate limit. */
    readonly minIntervalMs = 0,
  ) {}

  /** GETs url and parses JSON, retrying what is worth retrying; throws FeedError otherwise. */
  async getJson(url: URL, opts: GetOptions = {}): Promise<unknown> {
    const t = this.tuning;
    const shown = redactUrl(url);
    let last: FeedError | undefined;
    let attempts = 0;
    for (let attempt = 0; attempt <= t.retries; attempt++) {
      await this.#waitTurn(opts.signal);
      let wait: number;
      attempts++;
      try {
        return await this.#once(url, shown, opts);
      } catch (err) {
        if (!(err instanceof FeedError)) throw err;
        last = err;
        if (!err.retryable || attempt === t.retries) break;
        wait = err.retryAfterMs ?? backoffDelay(attempt, t);
        if (err.retryAfterMs !== undefined && err.retryAfterMs > t.maxRetryAfterMs) break;
      }
      await t.sleep(wait, opts.signal).catch(() => {
        throw new FeedError("aborted", `${this.feed}: stopped while waiting to retry ${shown}`);
      });
    }
    throw new FeedError(
      last!.kind,
      attempts > 1 ? `${last!.message} (after ${attempts} attempts)` : last!.message,
      last!.status,
    );
  }

  async #waitTurn(signal?: AbortSignal) {
    const now = Date.now();
    const delay = this.#nextAt - now;
    this.#nextAt = Math.max(now, this.#nextAt) + this.minIntervalMs;
    if (delay > 0) {
      await this.tuning.sleep(delay, signal).catch(() => {
        throw new FeedError("aborted", `${this.feed}: stopped while waiting for the rate limit`);
      });
    }
  }

  async #once(url: URL, shown: string, opts: GetOptions): Promise<unknown> {
    this.calls++;
    const t = this.tuning;
    if (opts.signal?.aborted) throw new FeedError("aborted", `${this.feed}: job stopped`);
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), t.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
    try {
      let res: Response;
      try {
        res = await t.fetch(url, {
          headers: { accept: "application/json", ...opts.headers },
          signal,
        });
      } catch (err) {
        throw this.#failure(err, shown, opts.signal, timer.signal);
      }
      this.#noteRateLimit(res.headers);
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        throw this.#failure(err, shown, opts.signal, timer.signal);
      }
      if (!res.ok) throw this.#httpError(res, text, shown);
      try {
        return JSON.parse(text);
      } catch {
        throw retryable(
          new FeedError("parse", `${this.feed}: malformed JSON from ${shown}: ${snippet(text)}`),
          false,
        );
      }
    } finally {
      clearTimeout(timeout);
    }
  }

  #failure(err: unknown, shown: string, job?: AbortSignal, timer?: AbortSignal): FeedError {
    if (job?.aborted) return new FeedError("aborted", `${this.feed}: job stopped during ${shown}`);
    if (timer?.aborted) {
      return retryable(
        new FeedError(
          "timeout",
          `${this.feed}: no answer within ${this.tuning.timeoutMs} ms from ${shown}`,
        ),
        true,
      );
    }
    const msg = err instanceof Error ? err.message : String(err);
    return retryable(new FeedError("network", `${this.feed}: ${shown} unreachable: ${msg}`), true);
  }

  #httpError(res: Response, body: string, shown: string): FeedError {
    const retryAfter = res.status === 429 || res.status === 503
      ? parseRetryAfter(res.headers.get("retry-after"))
      : null;
    const reason = reasonOf(body);
    const kind = res.status === 429 ? "rate_limited" : "http";
    const err = retryable(
      new FeedError(
        kind,
        `${this.feed}: HTTP ${res.status} from ${shown}${reason ? `: ${reason}` : ""}` +
          (retryAfter !== null ? ` (Retry-After ${Math.round(retryAfter / 1000)} s)` : ""),
        res.status,
      ),
      retryableStatus.has(res.status),
    );
    if (retryAfter !== null) err.retryAfterMs = retryAfter;
    return err;
  }

  /** OpenAQ-style x-ratelimit headers: when nothing is left, wait for the reset. */
  #noteRateLimit(headers: Headers) {
    if (headers.get("x-ratelimit-remaining") !== "0") return;
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (!Number.isFinite(reset) || reset <= 0) return;
    const until = Date.now() + Math.min(reset * 1000, this.tuning.maxRetryAfterMs);
    this.#nextAt = Math.max(this.#nextAt, until);
  }
}

function retryable(err: FeedError, yes: boolean): FeedError {
  err.retryable = yes;
  return err;
}

/** Open-Meteo answers errors as {"error": true, "reason": "…"}; others send text or HTML. */
function reasonOf(body: string): string {
  try {
    const j = JSON.parse(body);
    if (j && typeof j === "object") {
      const r = j.reason ?? j.message ?? j.detail ?? j.error;
      if (typeof r === "string") return snippet(r);
    }
  } catch {
    // not JSON
  }
  return snippet(body);
}

function snippet(s: string, max = 120): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max) + "…" : one;
}
