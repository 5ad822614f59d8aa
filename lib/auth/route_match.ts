import { type Access, routeAccess } from "../access.ts";

export interface RuleMatch {
  /** The lib/access.ts key, "METHOD /pattern". */
  key: string;
  pattern: string;
  params: Record<string, string>;
  access: Access;
}

interface Compiled {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  rank: string;
}

/** Same order as the router (lib/framework/routes.ts): static segments beat parameters. */
const rankOf = (pattern: string) =>
  pattern.split("/").map((s) => s === "*" ? "2" : s.startsWith(":") ? "1" : "0" + s).join("/");

function compile(key: string): Compiled {
  const [method, pattern] = key.split(" ");
  const names: string[] = [];
  const body = pattern.split("/").map((seg) => {
    if (seg === "*") return ".*";
    if (seg.startsWith(":")) {
      names.push(seg.slice(1));
      return "([^/]+)";
    }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("/");
  return { method, pattern, regex: new RegExp(`^${body}/?$`), names, rank: rankOf(pattern) };
}

let compiled: Compiled[] | undefined;
let compiledFrom: Record<string, Access> | undefined;

function table(rules: Record<string, Access>): Compiled[] {
  if (!compiled || compiledFrom !== rules) {
    compiled = Object.keys(rules).map(compile).sort((a, b) => a.rank.localeCompare(b.rank));
    compiledFrom = rules;
  }
  return compiled;
}

/** The access rule of a request, or null when no rule names it (refused: fail closed). */
export function matchRule(
  method: string,
  path: string,
  rules: Record<string, Access> = routeAccess,
): RuleMatch | null {
  const m = method === "HEAD" ? "GET" : method;
  for (const c of table(rules)) {
    const hit = path.match(c.regex);
    if (!hit) continue;
    if (c.method !== m) continue;
    const params: Record<string, string> = {};
    try {
      c.names.forEach((n, i) => params[n] = decodeURIComponent(hit[i + 1]));
    } catch {
      return null; // malformed percent-encoding
    }
    const key = `${c.method} ${c.pattern}`;
    return { key, pattern: c.pattern, params, access: rules[key] };
  }
  return null;
}
