/**
 * Rendered pages shared per organisation, role and data generation (issue 11): many people
 * watch the same overview during an incident, and its data is cached for seconds anyway
 * (infra/org_cache.ts), so the HTML is rendered once per organisation, role and generation and
 * kept as long as that data (ORG_CACHE_TTL_MS). A change through a service bumps the generation
 * (`changed()`), so the next view renders afresh.
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
  compressed: Map<string, Promise<Uint8Array<ArrayBuffer>>>;
}

const entries = new Map<string, Promise<Entry | null>>();

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
    compressed: new Map(),
  };
}

function compressed(entry: Entry, encoding: "br" | "gzip"): Promise<Uint8Array<ArrayBuffer>> {
  let body = entry.compressed.get(encoding);
  if (!body) {
    const stream = new Blob([entry.html]).stream()
      .pipeThrough(new CompressionStream(encoding === "br" ? "brotli" : "gzip"));
    body = new Response(stream).bytes();
    entry.compressed.set(encoding, body);
  }
  return body;
}

/** The answer for one viewer from a stored entry. */
async function answer(state: AppState, req: Request, entry: Entry, hit: boolean) {
  const headers = new Headers(entry.headers);
  headers.set("x-page-cache", hit ? "hit" : "miss");
  let html = entry.html;
  if (entry.user && state.user) {
    html = html.replace(userSpan(USER_SLOT), userSpan(state.user.email));
  }
  if (entry.csrf) html = html.replaceAll(CSRF_SLOT, state.csrf!);
  if (state.user || entry.csrf) {
    headers.set("cache-control", "private, no-cache");
    return new Response(html, { status: 200, headers });
  }
  // Anonymous and without forms: the same bytes for everyone until the data changes.
  headers.set("etag", entry.etag);
  headers.set("cache-control", `public, max-age=${PUBLIC_MAX_AGE_S}`);
  headers.set("vary", "cookie");
  varyOnEncoding(headers);
  const match = req.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === entry.etag)) {
    headers.delete("content-type");
    return new Response(null, { status: 304, headers });
  }
  const encoding = preferredEncoding(req.headers.get("accept-encoding"));
  if (!encoding) return new Response(html, { status: 200, headers });
  headers.set("content-encoding", encoding);
  return new Response(await compressed(entry, encoding), { status: 200, headers });
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
    if (entry && entry.expires > now) return answer(state, req, entry, true);
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
  return answer(state, req, entry, false);
}

/** Drops every stored page (tests). */
export function clearPageCache() {
  entries.clear();
}
