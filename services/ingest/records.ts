/** Shared plumbing of bulk uploads: candidate rows from JSON or CSV, and per-row errors. */
import { z } from "zod";
import { HttpError } from "../../framework/http_error.ts";
import { readCsv } from "./csv.ts";
import { clipKey, textProblem, validationFailed, zodDetails } from "../../framework/validation.ts";
import { describePath } from "../../domain/problem_words.ts";

/** One row of an upload before validation; `row` is the record index (JSON) or line (CSV). */
export interface Candidate {
  row: number;
  /** Prefix of error paths: ["records", 3] for JSON, ["rows", 5] for CSV. */
  at: (string | number)[];
  input: unknown;
  /** Field name → the name the caller used for it (FHIR paths), for error messages. */
  rename?: Record<string, string>;
}

export interface RowError {
  row: number;
  path: string;
  message: string;
}

/** At most this many row errors are listed in an answer (all are counted). */
export const MAX_LISTED_ERRORS = 1000;

export class RowErrors {
  list: RowError[] = [];
  count = 0;
  add(row: number, path: string, message: string) {
    this.count++;
    if (this.list.length < MAX_LISTED_ERRORS) this.list.push({ row, path, message });
  }
  addZod(c: Candidate, error: z.ZodError) {
    for (const issue of error.issues) {
      const [field, ...rest] = issue.path.map(String);
      const renamed = field !== undefined ? [c.rename?.[field] ?? field, ...rest] : [];
      for (const d of zodDetails(new z.ZodError([{ ...issue, path: renamed }]), c.at)) {
        this.add(c.row, d.path, d.message);
      }
    }
  }
  /** 422 naming every listed field; used when a request is refused as a whole. */
  toHttpError(total: number): HttpError {
    return validationFailed(
      this.list,
      `${this.count} problem(s) in ${total} row(s); nothing was stored. First: ${
        describePath(this.list[0].path)
      }: ${this.list[0].message}`,
    );
  }
}

const envelope = z.strictObject({ records: z.array(z.unknown()).min(1).max(50_000) });

/** The candidates of a JSON `{records: [...]}` body. */
export function jsonCandidates(body: unknown): Candidate[] {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) throw validationFailed(zodDetails(parsed.error));
  return parsed.data.records.map((input, i) => ({ row: i, at: ["records", i], input }));
}

const integer = /^-?\d+$/;
const decimal = /^-?\d*\.\d+$/;

/**
 * A CSV cell as JSON would carry it: numbers for numeric columns, true/false for boolean ones,
 * absent when empty. Anything else stays text, and the schema names the column.
 */
function cell(value: string, numeric: boolean, boolean = false): unknown {
  if (value === "") return undefined;
  if (numeric && (integer.test(value) || decimal.test(value))) return Number(value);
  if (boolean && (value === "true" || value === "false")) return value === "true";
  return value;
}

/**
 * The candidates of a CSV body whose header names fields of the record schema. Unknown and
 * missing required columns refuse the whole upload (422) before any row is read.
 */
export async function* csvCandidates(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
  columns: {
    known: readonly string[];
    required: readonly string[];
    numeric: readonly string[];
    boolean?: readonly string[];
  },
): AsyncGenerator<Candidate> {
  const it = readCsv(stream, limit);
  const first = await it.next();
  if (first.done) throw validationFailed([{ path: "(header)", message: "the CSV is empty" }]);
  const header = first.value.fields.map((f) => f.trim());
  const dirtyHeader = header.find((h) => textProblem(h));
  if (dirtyHeader !== undefined) {
    throw validationFailed([{ path: "(header)", message: textProblem(dirtyHeader)! }]);
  }
  const problems = [
    ...header.filter((h) => !columns.known.includes(h)).map((h) => ({
      path: `(header).${clipKey(h)}`,
      message: "unknown column",
    })),
    ...columns.required.filter((r) => !header.includes(r)).map((r) => ({
      path: `(header).${r}`,
      message: "required column missing",
    })),
  ];
  if (problems.length) throw validationFailed(problems);
  const numeric = header.map((h) => columns.numeric.includes(h));
  const boolean = header.map((h) => columns.boolean?.includes(h) ?? false);
  for await (const rec of it) {
    if (rec.fields.length !== header.length) {
      yield {
        row: rec.line,
        at: ["rows", rec.line],
        input: { __fieldCount: `expected ${header.length} fields, got ${rec.fields.length}` },
      };
      continue;
    }
    const dirty = rec.fields.findIndex((f) => textProblem(f) !== null);
    if (dirty >= 0) {
      yield {
        row: rec.line,
        at: ["rows", rec.line],
        input: { __fieldCount: `${header[dirty]}: ${textProblem(rec.fields[dirty])}` },
      };
      continue;
    }
    const input: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) {
      const v = cell(rec.fields[i], numeric[i], boolean[i]);
      if (v !== undefined) input[header[i]] = v;
    }
    yield { row: rec.line, at: ["rows", rec.line], input };
  }
}

/** True for the marker csvCandidates yields for a row with the wrong number of fields. */
export function fieldCountProblem(input: unknown): string | null {
  return typeof input === "object" && input !== null && "__fieldCount" in input
    ? String((input as { __fieldCount: string }).__fieldCount)
    : null;
}
