/**
 * A streaming RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF, and newlines inside
 * quotes. Lines without quotes take a fast path (split on commas). Stops with 413 past a limit,
 * and with 422 at a record longer than MAX_RECORD_CHARS (a record is kept whole until it ends, and
 * each new chunk looks at it again: without a bound one endless line costs quadratic time).
 */
import { HttpError } from "../../framework/http_error.ts";
import { tooLarge } from "../../framework/validation.ts";

/** No real row comes near this (an encounter with a long complaint is under 1 KiB). */
export const MAX_RECORD_CHARS = 65_536;

export interface CsvRecord {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

interface Parsed {
  fields: string[];
  end: number;
  newlines: number;
}

/** Parses one record starting at `start`; null when the buffer ends inside it. */
function parseRecord(buf: string, start: number, final: boolean): Parsed | null {
  const nl = buf.indexOf("\n", start);
  if (nl === -1 && !final) return null;
  const stop = nl === -1 ? buf.length : nl;
  const text = buf.slice(start, stop);
  if (!text.includes('"')) {
    return {
      fields: (text.endsWith("\r") ? text.slice(0, -1) : text).split(","),
      end: nl === -1 ? stop : nl + 1,
      newlines: 1,
    };
  }
  const fields: string[] = [];
  let field = "";
  let i = start;
  let quoted = false;
  let newlines = 1;
  while (i < buf.length) {
    const ch = buf[i];
    if (quoted) {
      if (ch === '"') {
        if (buf[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (i + 1 >= buf.length && !final) return null; // cannot tell "" from " yet
        quoted = false;
      } else {
        if (ch === "\n") newlines++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n") {
      fields.push(field.endsWith("\r") ? field.slice(0, -1) : field);
      return { fields, end: i + 1, newlines };
    } else field += ch;
    i++;
  }
  if (!final) return null;
  if (quoted) throw new HttpError(422, "validation_failed", "CSV ends inside a quoted field");
  fields.push(field.endsWith("\r") ? field.slice(0, -1) : field);
  return { fields, end: i, newlines };
}

/** Reads CSV records from a byte stream; blank lines are skipped. */
export async function* readCsv(
  stream: ReadableStream<Uint8Array> | null,
  limitBytes: number,
): AsyncGenerator<CsvRecord> {
  if (!stream) return;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let buf = "";
  let size = 0;
  let line = 1;
  const drain = function* (final: boolean) {
    let start = 0;
    for (;;) {
      if (start >= buf.length) break;
      const rec = parseRecord(buf, start, final);
      if (!rec) break;
      const isBlank = rec.fields.length === 1 && rec.fields[0] === "";
      if (!isBlank) yield { line, fields: rec.fields };
      line += rec.newlines;
      start = rec.end;
    }
    buf = buf.slice(start);
    if (buf.length > MAX_RECORD_CHARS) {
      throw new HttpError(
        422,
        "validation_failed",
        `line ${line}: a record longer than ${MAX_RECORD_CHARS.toLocaleString("en-US")} characters`,
        [{ path: `rows.${line}`, message: `longer than ${MAX_RECORD_CHARS} characters` }],
      );
    }
  };
  try {
    for await (const chunk of stream) {
      size += chunk.byteLength;
      if (size > limitBytes) throw tooLarge(limitBytes);
      buf += decoder.decode(chunk, { stream: true });
      yield* drain(false);
    }
    buf += decoder.decode();
  } catch (err) {
    if (err instanceof TypeError) {
      throw new HttpError(400, "invalid_encoding", "CSV is not valid UTF-8", [
        { path: "(body)", message: "not valid UTF-8" },
      ]);
    }
    throw err;
  }
  yield* drain(true);
}
