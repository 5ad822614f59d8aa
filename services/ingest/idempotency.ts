/**
 * Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header): a retried upload with the
 * same key and the same body replays the first answer without storing anything again; the same
 * key with a different body is a 422. Keys are per organisation and per route, and are saved in
 * the same transaction as the rows they guard, so a crash never leaves one without the other.
 */
import { createSHA256, type IHasher } from "hash-wasm";
import { HttpError } from "../../framework/http_error.ts";
import type { Stored } from "../../models/idempotency.ts";

export { findIdempotent, saveIdempotent, type Stored } from "../../models/idempotency.ts";

/** The request's Idempotency-Key, validated, or null. */
export function idempotencyKeyOf(req: Request, scope: string): string | null {
  const key = req.headers.get("idempotency-key");
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new HttpError(
      422,
      "validation_failed",
      "Idempotency-Key must be 1–200 visible ASCII characters",
      [
        { path: "(header).Idempotency-Key", message: "1–200 visible ASCII characters" },
      ],
    );
  }
  return `${scope}:${key}`;
}

/** The stored answer as a response, or 422 when the body differs from the first request's. */
export function replay(stored: Stored, requestSha256: string): Response {
  if (stored.requestSha256 !== requestSha256) {
    throw new HttpError(
      422,
      "idempotency_key_reused",
      "this Idempotency-Key was used with a different request body",
      [{ path: "(header).Idempotency-Key", message: "reused with a different body" }],
    );
  }
  const body = typeof stored.response === "string" ? JSON.parse(stored.response) : stored.response;
  return Response.json(body, { status: stored.status, headers: { "idempotent-replayed": "true" } });
}

/** Passes a byte stream through while hashing it with SHA-256. */
export async function hashingStream(
  source: ReadableStream<Uint8Array> | null,
): Promise<{ stream: ReadableStream<Uint8Array> | null; digest: () => string }> {
  const hasher: IHasher = await createSHA256();
  hasher.init();
  let done: string | undefined;
  const digest = () => done ??= hasher.digest("hex");
  if (!source) return { stream: null, digest };
  const stream = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        hasher.update(chunk);
        ctl.enqueue(chunk);
      },
    }),
  );
  return { stream, digest };
}

/** Thrown inside a transaction when another request saved the same key first. */
export class IdempotencyRace extends Error {}
