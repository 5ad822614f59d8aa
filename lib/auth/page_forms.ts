/** Form posts from pages: CSRF-checked form data, and the redirect after a successful post. */
import { HttpError } from "../../framework/http_error.ts";
import { mediaType, readText, textProblem, validationFailed } from "../../framework/validation.ts";
import { assertCsrf, CSRF_FIELD } from "./csrf.ts";

/** Page forms are small: a sign-in, a status change, a user. Larger bodies are refused (413). */
export const FORM_LIMIT_BYTES = 64 * 1024;

/**
 * Reads an HTML form post after checking its origin and CSRF token. The body is read through
 * the size-limited reader (chunked bodies included), never `req.formData()`, which would buffer
 * whatever arrives before anything is checked.
 */
export async function readForm(req: Request): Promise<Record<string, string>> {
  const type = mediaType(req);
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    throw new HttpError(415, "unsupported_media_type", "expected a form post");
  }
  const out: Record<string, string> = {};
  if (type === "application/x-www-form-urlencoded") {
    for (const [k, v] of new URLSearchParams(await readText(req, FORM_LIMIT_BYTES))) out[k] = v;
  } else {
    const bytes = new TextEncoder().encode(await readText(req, FORM_LIMIT_BYTES));
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: req.headers }).formData();
    } catch {
      throw new HttpError(400, "invalid_form", "the form body is not valid multipart data");
    }
    for (const [k, v] of form) if (typeof v === "string") out[k] = v;
  }
  for (const [k, v] of Object.entries(out)) {
    const problem = textProblem(k) ?? textProblem(v);
    if (problem) throw validationFailed([{ path: k, message: problem }]);
  }
  assertCsrf(req, out[CSRF_FIELD] ?? "");
  return out;
}

const ORIGIN = "http://festsafe.invalid";

/**
 * Only paths of this site may be redirected to after sign-in (no open redirect). Browsers drop
 * tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` would become
 * `//evil.example`: any whitespace, control character or backslash sends the user home instead,
 * and what remains must resolve to this origin. The result is the URL's normalised,
 * percent-encoded form, safe to put in a Location header.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || next.length > 2048 || !next.startsWith("/") || next.startsWith("//")) return "/";
  if (textProblem(next) || /[\s\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== ORIGIN) return "/";
  // Checked again after normalising: `/.//evil.example` resolves to the path `//evil.example`,
  // which a browser reads as another host.
  const out = url.pathname + url.search + url.hash;
  return out.startsWith("//") ? "/" : out;
}

/** A 303 See Other to a path, with cookies. */
export function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status: 303, headers });
}
