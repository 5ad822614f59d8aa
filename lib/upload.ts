/** The HTTP side of bulk uploads: content negotiation, size limits and Idempotency-Key. */
import type { AppState } from "../framework/types.ts";
import type { Queryable } from "../infra/db.ts";
import {
  assertDeclaredSize,
  CSV_LIMIT_BYTES,
  JSON_LIMIT_BYTES,
  mediaType,
  tooLarge,
  unsupportedType,
} from "./schemas/parse.ts";
import { HttpError } from "../framework/http_error.ts";
import { orgOf } from "./auth/authenticate.ts";
import {
  findIdempotent,
  hashingStream,
  idempotencyKeyOf,
  IdempotencyRace,
  replay,
  saveIdempotent,
} from "../services/ingest/idempotency.ts";
import { lockIdempotencyKey } from "../models/idempotency.ts";

export type UploadKind = "json" | "csv" | "fhir";

export interface UploadContext {
  kind: UploadKind;
  orgId: string;
  /** The body, hashed as it is read. */
  body: ReadableStream<Uint8Array> | null;
  /** Reads the (JSON) body as text within its limit. */
  text(): Promise<string>;
  partial: boolean;
  /** Saves the answer under the Idempotency-Key inside the ingest transaction. */
  remember(tx: Queryable, response: unknown): Promise<void>;
}

/** Media types a route accepts, by kind. */
const types: Record<string, UploadKind> = {
  "application/json": "json",
  "text/csv": "csv",
  "application/fhir+json": "fhir",
};

async function drain(stream: ReadableStream<Uint8Array> | null, limit: number) {
  if (!stream) return;
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
  }
}

/**
 * Runs an upload handler with content-type checks, size limits and idempotency: a retried
 * request with the same key and body gets the stored answer and changes nothing.
 */
export async function handleUpload(
  state: AppState,
  req: Request,
  scope: string,
  accepted: UploadKind[],
  run: (u: UploadContext) => Promise<unknown>,
): Promise<Response> {
  const type = mediaType(req);
  const kind = types[type];
  if (!kind || !accepted.includes(kind)) {
    throw unsupportedType(
      type,
      Object.entries(types).filter(([, k]) => accepted.includes(k)).map(([t]) => t),
    );
  }
  const limit = kind === "csv" ? CSV_LIMIT_BYTES : JSON_LIMIT_BYTES;
  assertDeclaredSize(req, limit);
  const partialParam = new URL(req.url).searchParams.get("partial");
  if (partialParam !== null && partialParam !== "true" && partialParam !== "false") {
    throw new HttpError(422, "validation_failed", "partial must be true or false", [
      { path: "query.partial", message: "must be true or false" },
    ]);
  }
  const orgId = orgOf(state);
  const key = idempotencyKeyOf(req, scope);
  const { stream, digest } = await hashingStream(req.body);
  const stored = key ? await findIdempotent(state.db, orgId, key) : null;
  if (stored && key) {
    await drain(stream, limit);
    return replay(stored, digest());
  }
  const u: UploadContext = {
    kind,
    orgId,
    body: stream,
    partial: partialParam === "true",
    async text() {
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (stream) {
        for await (const c of stream) {
          size += c.byteLength;
          if (size > limit) throw tooLarge(limit);
          chunks.push(c);
        }
      }
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(
          await new Blob(chunks as BlobPart[]).bytes(),
        );
      } catch {
        throw new HttpError(400, "invalid_encoding", "request body is not valid UTF-8");
      }
    },
    async remember(tx, response) {
      if (!key) return;
      await lockIdempotencyKey(tx, orgId, key);
      const saved = await saveIdempotent(tx, orgId, key, {
        requestSha256: digest(),
        status: 200,
        response,
      });
      if (!saved) throw new IdempotencyRace();
    },
  };
  try {
    return Response.json(await run(u));
  } catch (err) {
    if (!(err instanceof IdempotencyRace) || !key) throw err;
    const winner = await findIdempotent(state.db, orgId, key);
    if (!winner) throw err;
    return replay(winner, digest());
  }
}

/** Parses the JSON text of an upload, 400 naming the problem when it is malformed. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "request body is not valid JSON", [
      { path: "(body)", message: "malformed JSON" },
    ]);
  }
}
