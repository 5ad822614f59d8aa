/**
 * An upload problem's place in the caller's own terms (issue 22): "row 11, column edArrivals"
 * as the file has them (a CSV's line number, the header being line 1, and the column's header
 * name), "record 4, field hospitalId" for JSON (records counted from 1), not `rows.3.hospitalId`.
 * The API keeps the machine path beside it (CONTRACT.md: `details[].path`).
 */
export interface ProblemPlace {
  /** "row 11" / "record 4" / "header"; empty when the problem is about the whole upload. */
  where: string;
  /** The column or field as the caller named it; empty for a whole row. */
  column: string;
}

/** The row and column a problem path points at, in the caller's words. */
export function placeOfPath(path: string): ProblemPlace {
  const header = /^\(header\)\.?(.*)$/.exec(path);
  if (header) return { where: "header", column: header[1] };
  const row = /^(rows|records)\.(\d+)(?:\.(.*))?$/.exec(path);
  if (!row) return { where: "", column: path };
  const n = Number(row[2]);
  return row[1] === "rows"
    ? { where: `row ${n}`, column: row[3] ?? "" }
    : { where: `record ${n + 1}`, column: row[3] ?? "" };
}

/** "row 11, column edArrivals" (or the parts there are). */
export function describePath(path: string): string {
  const { where, column } = placeOfPath(path);
  if (!where) return path;
  const kind = where.startsWith("record") ? "field" : "column";
  return [where, column ? `${kind} ${column}` : ""].filter(Boolean).join(", ");
}
