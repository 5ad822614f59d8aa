/**
 * Just enough of a TypeScript lexer for tests that look at source text: it finds import and
 * export specifiers and the text of string and template literals, skipping comments and regular
 * expression literals (told from division by the token before the slash).
 */

/** Static and dynamic import/export specifiers written as plain string literals. */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  const statement =
    /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"'\n]+)["']/gm;
  for (const m of source.matchAll(statement)) out.push(m[1]);
  for (const m of source.matchAll(/\bimport\(\s*["']([^"'\n]+)["']\s*\)/g)) out.push(m[1]);
  return out.filter((s) => !s.includes("${"));
}

const regexAfter = new Set([..."(,=:[!&|?{};+-*%<>~^"]);
const regexAfterWord = new Set(["return", "typeof", "case", "do", "else", "in", "of", "void"]);

/** The contents of every string literal and every template literal's text parts. */
export function stringLiterals(source: string): string[] {
  const out: string[] = [];
  let i = 0;

  function quoted(quote: string) {
    let text = "";
    for (i++; i < source.length && source[i] !== quote; i++) {
      if (source[i] === "\\") text += source[i++];
      text += source[i];
    }
    i++;
    out.push(text);
  }

  function template() {
    let text = "";
    for (i++; i < source.length && source[i] !== "`"; i++) {
      if (source[i] === "\\") text += source[i++] + source[i];
      else if (source[i] === "$" && source[i + 1] === "{") {
        i += 2;
        code(true);
        text += "${}";
        i--; // the loop's i++ steps over the closing brace
      } else text += source[i];
    }
    i++;
    out.push(text);
  }

  function regex() {
    let inClass = false;
    for (i++; i < source.length && source[i] !== "\n"; i++) {
      if (source[i] === "\\") i++;
      else if (source[i] === "[") inClass = true;
      else if (source[i] === "]") inClass = false;
      else if (source[i] === "/" && !inClass) break;
    }
    i++;
  }

  /** Code up to the end, or up to the brace that closes a template's `${`. */
  function code(untilBrace: boolean) {
    let depth = 0;
    let prev = "";
    let word = "";
    while (i < source.length) {
      const c = source[i];
      if (c === "/" && source[i + 1] === "/") {
        const end = source.indexOf("\n", i);
        i = end < 0 ? source.length : end;
      } else if (c === "/" && source[i + 1] === "*") {
        const end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length : end + 2;
      } else if (c === '"' || c === "'") {
        quoted(c);
        prev = c;
      } else if (c === "`") {
        template();
        prev = c;
      } else if (c === "/" && (prev === "" || regexAfter.has(prev) || regexAfterWord.has(word))) {
        regex();
        prev = "/";
      } else {
        if (c === "{") depth++;
        if (c === "}" && depth-- === 0 && untilBrace) {
          i++;
          return;
        }
        if (/\w/.test(c)) word = /\w/.test(prev) ? word + c : c;
        if (!/\s/.test(c)) prev = c;
        i++;
      }
      if (!/\w/.test(prev)) word = "";
    }
  }

  code(false);
  return out;
}
