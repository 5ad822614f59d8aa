/** Turns request bodies and query strings into validated values, or 4xx naming the field. */
import type { z } from "zod";
import { type ErrorDetail, HttpError } from "./http_error.ts";

/** JSON bodies are capped at 5 MB; bulk uploads use CSV, which streams (50 MB). */
export const JSON_LIMIT_BYTES = 5 * 1024 * 1024;
export const CSV_LIMIT_BYTES = 50 * 1024 * 1024;

/** zod issues as contract error details: `records.3.edArrivals`. */
export function zodDetails(error: z.ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path.map((p) => String(p))];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: [...base, key].join("."), message: "unknown field" });
      }
    } else {
      out.push({ path: base.join(".") || "(body)", message: issue.message });
    }
  }
  return out;
}

/** 422 validation_failed with the given details. */
export function validationFailed(details: ErrorDetail[], message?: string): HttpError {
  const first = details[0];
  return new HttpError(
    422,
    "validation_failed",
    message ?? (first ? `${first.path}: ${first.message}` : "invalid request"),
    details,
  );
}

/** The media type of a request without parameters, lower-case. */
export function mediaType(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

export function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    "payload_too_large",
    `request body exceeds the limit of ${Math.round(limit / 1024 / 1024)} MB`,
    [{ path: "(body)", message: `at most ${limit} bytes` }],
  );
}

/** Refuses early when Content-Length already says the body is too big. */
export function assertDeclaredSize(req: Request, limit: number) {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit);
}

/** Reads the whole body as text, stopping with 413 as soon as it passes limit bytes. */
export async function readText(req: Request, limit: number): Promise<string> {
  assertDeclaredSize(req, limit);
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new HttpError(400, "invalid_encoding", "request body is not valid UTF-8", [
      { path: "(body)", message: "not valid UTF-8" },
    ]);
  }
}

const isJsonType = (t: string) =>
  t === "application/json" || /^application\/[\w.+-]*\+json$/.test(t);

export function unsupportedType(got: string, allowed: string[]): HttpError {
  return new HttpError(
    415,
    "unsupported_media_type",
    `Content-Type must be ${allowed.join(" or ")}${got ? ` (got ${got})` : ""}`,
    [{ path: "(content-type)", message: `expected ${allowed.join(" or ")}` }],
  );
}

/** Parses a JSON body (any value) after checking content type and size. */
export async function readJsonValue(req: Request, limit = JSON_LIMIT_BYTES): Promise<unknown> {
  const type = mediaType(req);
  if (!isJsonType(type)) throw unsupportedType(type, ["application/json"]);
  const text = await readText(req, limit);
  try {
    return JSON.parse(text);
  } catch (err) {
    const where = String((err as Error).message).match(/position (\d+)/)?.[1];
    throw new HttpError(
      400,
      "invalid_json",
      `request body is not valid JSON${where ? ` (at character ${where})` : ""}`,
      [{ path: "(body)", message: "malformed JSON" }],
    );
  }
}

/** Reads and validates a JSON body against a schema. */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  limit = JSON_LIMIT_BYTES,
): Promise<z.output<S>> {
  return validate(schema, await readJsonValue(req, limit));
}

/** Validates a value, throwing 422 with every failing field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(zodDetails(parsed.error));
  return parsed.data;
}

/** Validates a URL's query string (single values) against a schema. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw validationFailed(zodDetails(parsed.error, ["query"]));
  return parsed.data;
}
