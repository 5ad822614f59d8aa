/**
 * CSV answers (RFC 4180): a header row of the API's field names, then one line per record.
 * Numbers and booleans as JSON writes them, instants as ISO 8601, absent values empty; text
 * that a spreadsheet would evaluate as a formula is neutralised (`neutralise`).
 */

type Cell = string | number | boolean | Date | null | undefined;

/** What a spreadsheet reads as a formula at the start of a cell (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number such as -12.5 or +3e2: data, never a formula, so left as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text value a spreadsheet could run: starts with `=`, `+`, `-`, `@`, tab or carriage return
 * and is not a plain number. OWASP's CSV-injection guidance: prefix such cells with a single
 * quote (and quote the field), so `=HYPERLINK(…)` or `+cmd|…` is shown as text, not evaluated.
 * Numbers (JS numbers, and numeric strings such as PostgreSQL's `numeric` "-116.5") stay numbers.
 */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return "";
  const s = v instanceof Date ? v.toISOString() : String(v);
  const safe = typeof v === "string" ? neutralise(s) : s;
  // A neutralised cell is quoted too, as OWASP advises.
  return safe !== s || /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
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
