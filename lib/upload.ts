/** The HTTP side of bulk uploads: content negotiation, size limits and Idempotency-Key. */
import { z } from "zod";
import type { AppState } from "./define.ts";
import type { Queryable } from "../infra/db.ts";
import {
  assertCleanJson,
  assertDeclaredSize,
  assertJsonDepth,
  CSV_LIMIT_BYTES,
  JSON_LIMIT_BYTES,
  mediaType,
  tooLarge,
  unsupportedType,
} from "../framework/validation.ts";
import { HttpError } from "../framework/http_error.ts";
import { orgActor, orgOf } from "./caller.ts";
import { auditChange } from "../services/audit.ts";
import { requestRefresh } from "../services/refresh.ts";
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

/** `?partial=true` keeps the valid rows of an upload and reports the bad ones. */
export const uploadQuery = z.strictObject({
  partial: z.enum(["true", "false"]).optional().meta({
    description: "true: store the valid rows and report the bad ones (default: all or nothing)",
  }),
});

export interface UploadContext {
  kind: UploadKind;
  orgId: string;
  /** The body, hashed as it is read. */
  body: ReadableStream<Uint8Array> | null;
  /** Reads the (JSON) body as text within its limit. */
  text(): Promise<string>;
  partial: boolean;
  /**
   * Inside the ingest transaction: records the upload in the audit log, asks for the
   * organisation's forecasts and plans to be refreshed, and saves the answer under the
   * Idempotency-Key.
   */
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
  /** A retried upload changes nothing; the retry is recorded as such. */
  const replayed = async (answer: Parameters<typeof replay>[0]) => {
    const res = replay(answer, digest());
    await state.db.transaction((tx) => auditChange(tx, orgActor(state), "replay", scope, null));
    return res;
  };
  if (stored && key) {
    await drain(stream, limit);
    return await replayed(stored);
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
        throw new HttpError(400, "invalid_encoding", "request body is not valid UTF-8", [
          { path: "(body)", message: "not valid UTF-8" },
        ]);
      }
    },
    async remember(tx, response) {
      await auditChange(tx, orgActor(state), "create", scope, null);
      await requestRefresh(tx, orgId, scope);
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
    return await replayed(winner);
  }
}

/** Parses the JSON text of an upload, 400 naming the problem when it is malformed. */
export function parseJsonText(text: string): unknown {
  assertJsonDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "request body is not valid JSON", [
      { path: "(body)", message: "malformed JSON" },
    ]);
  }
  assertCleanJson(value);
  return value;
}
