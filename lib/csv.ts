/**
 * CSV answers (RFC 4180): a header row of the API's field names, then one line per record.
 * Numbers and booleans as JSON writes them, instants as ISO 8601, absent values empty.
 */

type Cell = string | number | boolean | Date | null | undefined;

function cell(v: Cell): string {
  if (v === null || v === undefined) return "";
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line (with its line break). */
export function csvLine(values: Cell[]): string {
  return values.map(cell).join(",") + "\r\n";
}

/** The lines of records, each record's fields in header order. */
export function csvRows<T extends object>(
  header: readonly (keyof T & string)[],
  rows: Iterable<T>,
): string {
  let out = "";
  for (const r of rows) out += csvLine(header.map((k) => r[k] as Cell));
  return out;
}

/** A whole CSV text: the header, then the records. */
export function toCsv<T extends object>(
  header: readonly (keyof T & string)[],
  rows: Iterable<T>,
): string {
  return csvLine([...header]) + csvRows(header, rows);
}

/** Characters a download's file name keeps (the rest become "-"). */
const safeName = (name: string) => name.replace(/[^\w.-]+/g, "-");

/** A CSV answer offered as a download named `filename`. */
export function csvResponse(body: string | ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${safeName(filename)}"`,
      "cache-control": "private, no-store",
    },
  });
}

/** A stream of the text chunks an async iterable yields, UTF-8 encoded, pulled on demand. */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await it.return?.();
    },
  });
}
