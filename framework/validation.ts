/** Turns request bodies and query strings into validated values, or 4xx naming the field. */
import type { z } from "zod";
import { type ErrorDetail, HttpError } from "./http_error.ts";

/** JSON bodies are capped at 5 MB; bulk uploads use CSV, which streams (50 MB). */
export const JSON_LIMIT_BYTES = 5 * 1024 * 1024;
export const CSV_LIMIT_BYTES = 50 * 1024 * 1024;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The canonical (lower-case) form of a real UUID (RFC 9562 versions 1–8), or null for anything
 * else — `/^[0-9a-f-]{36}$/` lets 36 dashes through to PostgreSQL's uuid cast, which fails.
 */
export function parseUuid(s: string): string | null {
  return UUID_RE.test(s) ? s.toLowerCase() : null;
}

/**
 * Why a piece of text may not enter the app, or null when it may: no NUL or other control
 * characters (tab and newlines aside) and no unpaired UTF-16 surrogates. PostgreSQL refuses NUL
 * in text and cannot encode a lone surrogate, so either would otherwise surface as a 500.
 */
export function textProblem(s: string): string | null {
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)) {
    return "must not contain NUL or other control characters";
  }
  if (!s.isWellFormed()) return "must not contain unpaired surrogates";
  return null;
}

/**
 * JSON bodies nest at most this deep (a FHIR Bundle needs about 8). Checked on the text, before
 * JSON.parse, without recursion: a 5 MB body of `[[[[…` made the recursive walk below overflow
 * the stack (500 after 2.9 s, and four at once stalled every other request).
 */
export const JSON_MAX_DEPTH = 32;

/** 400 when JSON text nests deeper than maxDepth; one pass, constant stack. */
export function assertJsonDepth(text: string, maxDepth = JSON_MAX_DEPTH) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) {
        throw new HttpError(
          400,
          "invalid_json",
          `request body nests deeper than ${maxDepth} levels`,
          [{ path: "(body)", message: `at most ${maxDepth} levels of arrays and objects` }],
        );
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * A client's key as it may appear in an error path: ASCII letters, digits and `_ - :` kept,
 * anything else `?`, at most 64 characters (then `…`). The app's own field names pass unchanged.
 */
export function clipKey(key: string): string {
  const clean = key.slice(0, 65).replace(/[^A-Za-z0-9_:-]/g, "?");
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}

/**
 * The first string (key or value) of a JSON value that textProblem refuses, as a detail.
 * Walks with an explicit stack, so no value can exhaust the call stack.
 */
export function dirtyText(value: unknown, path: (string | number)[] = []): ErrorDetail | null {
  // Each entry knows its parent: the path is built only for the one string reported.
  type Node = { value: unknown; key?: string | number; parent?: Node };
  const pathOf = (n: Node | undefined, tail: (string | number)[] = []) => {
    const keys: (string | number)[] = [];
    for (let at = n; at?.key !== undefined; at = at.parent) keys.push(at.key);
    return [...path, ...keys.reverse(), ...tail].join(".") || "(body)";
  };
  const stack: Node[] = [{ value }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) return { path: pathOf(node), message: problem };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node });
      continue;
    }
    const entries = Object.entries(v);
    for (const [k] of entries) {
      const keyProblem = textProblem(k);
      if (keyProblem) return { path: pathOf(node, ["(key)"]), message: keyProblem };
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i];
      stack.push({ value: child, key: clipKey(k), parent: node });
    }
  }
  return null;
}

/** Throws 422 naming the first string of a parsed body that may not enter the app. */
export function assertCleanJson(value: unknown) {
  const bad = dirtyText(value);
  if (bad) throw validationFailed([bad]);
}

/** zod issues as contract error details: `records.3.edArrivals`. */
export function zodDetails(error: z.ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of error.issues) {
    // Paths may hold the client's own keys (unknown fields, record keys): a patient's name sent
    // as a key must not come back, nor be stored with an idempotent answer, beyond a clipped,
    // sanitised form.
    const base = [
      ...prefix,
      ...issue.path.map((p) => typeof p === "number" ? p : clipKey(String(p))),
    ];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: [...base, clipKey(key)].join("."), message: "unknown field" });
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
  assertJsonDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const where = String((err as Error).message).match(/position (\d+)/)?.[1];
    throw new HttpError(
      400,
      "invalid_json",
      `request body is not valid JSON${where ? ` (at character ${where})` : ""}`,
      [{ path: "(body)", message: "malformed JSON" }],
    );
  }
  assertCleanJson(value);
  return value;
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
  const raw = Object.fromEntries(url.searchParams);
  const bad = dirtyText(raw, ["query"]);
  if (bad) throw validationFailed([bad]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(zodDetails(parsed.error, ["query"]));
  return parsed.data;
}
