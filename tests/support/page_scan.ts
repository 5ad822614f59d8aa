/** Scans of rendered pages for figures no page may show (issue 16: NaN, −1, null as a number). */

/** Visible text of a page: scripts, styles and tags dropped, entities left as they are. */
export function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ");
}

/**
 * Figures no page may show: NaN, Infinity, or a negative count (hyphen or minus sign);
 * coordinates (four decimals) are the one negative number a page may print.
 */
export function badFigures(html: string): string[] {
  const text = visibleText(html);
  const out: string[] = [];
  for (const m of text.matchAll(/NaN|Infinity|undefined|(?:^|[\s(:=\/])[-−]\d+(?!\d*\.\d{4})/g)) {
    out.push(text.slice(Math.max(0, m.index - 40), m.index + 20).replace(/\s+/g, " "));
  }
  // Attributes too (titles are read out and shown on hover), and the islands' JSON props.
  for (const m of html.matchAll(/"NaN"|:NaN\b|title="[^"]*[\s(:][-−]\d[^"]*"/g)) out.push(m[0]);
  return out;
}
