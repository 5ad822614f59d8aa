/**
 * Downloads of the organisation's data in the folder layout `deno task train --data` reads
 * (GET /api/export): everything as a zip, or one file, optionally for a period.
 */
export function ExportLinks() {
  const files = ["hospitals.csv", "events.csv", "observations.csv", "environment.csv"];
  return (
    <section class="export" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p>
        The organisation's data as CSV files with the API's field names, in the layout{" "}
        <code>deno task train --data DIR</code> reads.
      </p>
      <form method="get" action="/api/export" class="actions no-print">
        <input type="hidden" name="format" value="zip" />
        <label>
          From <input type="date" name="from" />
        </label>
        <label>
          to <input type="date" name="to" />
        </label>
        <button type="submit" data-testid="export-zip">Download zip</button>
      </form>
      <p class="actions">
        {files.map((f) => (
          <a href={`/api/export?file=${f}`} download={f} data-testid={`export-${f}`}>{f}</a>
        ))}
      </p>
    </section>
  );
}
