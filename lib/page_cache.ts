/**
 * Rendered pages shared per organisation, role and data generation (issue 11): many people
 * watch the same overview during an incident, and its data is cached for seconds anyway
 * (infra/org_cache.ts), so the HTML is rendered once per organisation, role and generation and
 * kept as long as that data (ORG_CACHE_TTL_MS). A change through a service bumps the generation
 * (`changed()`), so the next view renders afresh. For one more TTL after expiry an entry still
 * answers while a newer copy renders in the background, so a busy page never makes viewers wait.
 *
 * What differs between viewers of the same organisation and role — the signed-in user's e-mail
 * in the header and the CSRF token in forms — is cut out of the stored HTML and put back per
 * request. Anonymous views without forms (the public demo) get an ETag, a short public cache
 * lifetime and precomputed brotli/gzip bodies.
 */
import { generationOf, ORG_CACHE_TTL_MS } from "../infra/org_cache.ts";
import { preferredEncoding, varyOnEncoding } from "./compress.ts";
import type { AppState } from "./define.ts";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { SessionUser } from "../components/SessionNav.tsx";
import { log } from "../infra/log.ts";

/** Process-specific markers: page content cannot forge them. */
const nonce = crypto.randomUUID().replaceAll("-", "");
const CSRF_SLOT = `fs-csrf-${nonce}`;
const USER_SLOT = `fs-user-${nonce}`;
/** How long browsers and proxies may reuse an anonymous page without asking. */
export const PUBLIC_MAX_AGE_S = 5;
const MAX_ENTRIES = 2_000;

interface Entry {
  expires: number;
  html: string;
  headers: [string, string][];
  csrf: boolean;
  user: boolean;
  etag: string;
  /** Anonymous answers by encoding: headers and body computed once per entry. */
  shared: Map<string, Promise<{ headers: [string, string][]; body: Uint8Array<ArrayBuffer> }>>;
  /** Set while a newer copy renders in the background. */
  refreshing?: boolean;
}

const entries = new Map<string, Promise<Entry | null>>();

/** How an answer relates to the store: rendered for it, from it, or from it while it renews. */
type Freshness = "miss" | "hit" | "stale";

/** The header's user name exactly as components/SessionNav.tsx renders it. */
const userSpan = (email: string) => renderToString(h(SessionUser, { email }));

async function etagOf(html: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(html));
  const hex = [...new Uint8Array(digest)].slice(0, 10).map((b) => b.toString(16).padStart(2, "0"));
  return `"${hex.join("")}"`;
}

/** Turns a freshly rendered answer into a shareable entry, or null when it must not be shared. */
async function capture(state: AppState, res: Response): Promise<Entry | null> {
  const type = res.headers.get("content-type") ?? "";
  if (res.status !== 200 || !type.startsWith("text/html") || res.headers.has("set-cookie")) {
    return null;
  }
  if (/no-store|private/.test(res.headers.get("cache-control") ?? "")) return null;
  let html = await res.clone().text();
  const csrf = Boolean(state.csrfInPage && state.csrf);
  if (csrf) html = html.replaceAll(state.csrf!, CSRF_SLOT);
  const user = Boolean(state.user && html.includes(userSpan(state.user.email)));
  if (user) html = html.replace(userSpan(state.user!.email), userSpan(USER_SLOT));
  // Anything else naming the viewer stays theirs: such a page is not shared.
  if (state.user && html.includes(state.user.email)) return null;
  return {
    expires: Date.now() + ORG_CACHE_TTL_MS,
    html,
    headers: [...res.headers].filter(([k]) => k !== "content-length"),
    csrf,
    user,
    etag: await etagOf(html),
    shared: new Map(),
  };
}

/** The anonymous answer's headers and body in an encoding, computed once per entry. */
function sharedAnswer(entry: Entry, encoding: "br" | "gzip" | null) {
  const name = encoding ?? "identity";
  let made = entry.shared.get(name);
  if (!made) {
    made = (async () => {
      const headers = new Headers(entry.headers);
      headers.set("etag", entry.etag);
      headers.set("cache-control", `public, max-age=${PUBLIC_MAX_AGE_S}`);
      headers.set("vary", "cookie");
      varyOnEncoding(headers);
      let body = new TextEncoder().encode(entry.html);
      if (encoding) {
        headers.set("content-encoding", encoding);
        const format = encoding === "br" ? "brotli" : "gzip";
        body = await new Response(
          new Blob([body]).stream().pipeThrough(new CompressionStream(format)),
        ).bytes();
      }
      return { headers: [...headers], body };
    })();
    entry.shared.set(name, made);
  }
  return made;
}

/** The answer for one viewer from a stored entry. */
async function answer(state: AppState, req: Request, entry: Entry, hit: Freshness) {
  if (!state.user && !entry.csrf) return await sharedResponse(req, entry, hit);
  const headers = new Headers(entry.headers);
  headers.set("x-page-cache", hit);
  let html = entry.html;
  if (entry.user && state.user) {
    html = html.replace(userSpan(USER_SLOT), userSpan(state.user.email));
  }
  if (entry.csrf) html = html.replaceAll(CSRF_SLOT, state.csrf!);
  // A signed-in viewer's page (or one carrying a CSRF token) stays out of every cache.
  headers.set("cache-control", "no-store");
  return new Response(html, { status: 200, headers });
}

/** The answer every anonymous viewer shares. */
async function sharedResponse(req: Request, entry: Entry, hit: Freshness) {
  // Anonymous and without forms: the same bytes for everyone until the data changes.
  const match = req.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === entry.etag)) {
    const { headers: shared } = await sharedAnswer(entry, null);
    const notModified = new Response(null, { status: 304, headers: shared });
    notModified.headers.delete("content-type");
    return notModified;
  }
  const shared = await sharedAnswer(entry, preferredEncoding(req.headers.get("accept-encoding")));
  const res = new Response(shared.body, { status: 200, headers: shared.headers });
  res.headers.set("x-page-cache", hit);
  return res;
}

/**
 * Serves a page from the shared cache, rendering it with `run` when absent or stale. Concurrent
 * first views wait for one render; an answer that must not be shared (an error, a redirect) is
 * returned to its own viewer and the others render for themselves.
 */
export async function cachedPage(
  state: AppState,
  req: Request,
  url: URL,
  orgId: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const user = state.user;
  const variant = user ? `${user.role}${user.platformAdmin ? "+platform" : ""}` : "anonymous";
  const key = `${orgId}:${generationOf(orgId)}:${variant}:${url.pathname}${url.search}`;
  const now = Date.now();
  const stored = entries.get(key);
  if (stored) {
    const entry = await stored;
    if (entry && entry.expires > now) return answer(state, req, entry, "hit");
    // Just expired: answer from it while one newer copy renders, so that viewers never wait.
    if (entry && entry.expires > now - ORG_CACHE_TTL_MS) {
      if (!entry.refreshing) {
        entry.refreshing = true;
        refresh(state, key, stored, run);
      }
      return answer(state, req, entry, "stale");
    }
    if (entries.get(key) === stored) entries.delete(key);
  }
  if (entries.size >= MAX_ENTRIES) entries.clear();
  let own: Response | undefined;
  const filling = (async () => {
    own = await run();
    return await capture(state, own);
  })();
  entries.set(key, filling);
  let entry: Entry | null;
  try {
    entry = await filling;
  } catch (err) {
    entries.delete(key);
    throw err;
  }
  if (!entry) {
    entries.delete(key);
    return own!;
  }
  await own!.body?.cancel();
  return answer(state, req, entry, "miss");
}

/** Renders a newer copy in the background; a failure drops the old one (next view renders). */
function refresh(
  state: AppState,
  key: string,
  old: Promise<Entry | null>,
  run: () => Promise<Response>,
) {
  (async () => {
    const res = await run();
    const entry = await capture(state, res);
    await res.body?.cancel().catch(() => {});
    if (entries.get(key) !== old) return;
    if (entry) entries.set(key, Promise.resolve(entry));
    else entries.delete(key);
  })().catch((err) => {
    if (entries.get(key) === old) entries.delete(key);
    log.warn("page refresh failed", { key, error: String(err) });
  });
}

/** Drops every stored page (tests). */
export function clearPageCache() {
  entries.clear();
}
