/** Form posts from pages: CSRF-checked form data, and the redirect after a successful post. */
import { HttpError } from "../../framework/http_error.ts";
import { mediaType } from "../../framework/validation.ts";
import { assertCsrf, CSRF_FIELD } from "./csrf.ts";

/** Reads an HTML form post after checking its origin and CSRF token. */
export async function readForm(req: Request): Promise<Record<string, string>> {
  const type = mediaType(req);
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    throw new HttpError(415, "unsupported_media_type", "expected a form post");
  }
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > 64 * 1024) throw new HttpError(413, "payload_too_large", "form too large");
  const form = await req.formData();
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string") out[k] = v;
  assertCsrf(req, out[CSRF_FIELD] ?? "");
  return out;
}

/** Only same-site paths may be redirected to after sign-in (no open redirect). */
export function safeNext(next: string | undefined | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/";
}

/** A 303 See Other to a path, with cookies. */
export function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status: 303, headers });
}
