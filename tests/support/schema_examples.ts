/** Valid-looking request bodies built from zod schemas, and one-leaf corruptions of them. */
import { z } from "zod";

/**
 * A valid-looking body for an operation, from its schema's JSON Schema: every property filled
 * (nested objects and arrays too), so that one corrupted leaf reaches the refinements deep in
 * the schema (`days.0.date`, `records.0.ts`) instead of stopping at the first missing field.
 */
export function exampleBody(schema: unknown): unknown {
  if (!schema) return undefined;
  try {
    const js = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" });
    return exampleOf(js, 0, (js as { $defs?: Record<string, unknown> }).$defs ?? {});
  } catch {
    return undefined;
  }
}

// deno-lint-ignore no-explicit-any
function exampleOf(js: any, depth: number, defs: Record<string, unknown>): unknown {
  if (!js || typeof js !== "object" || depth > 8) return null;
  if (typeof js.$ref === "string") {
    return exampleOf(defs[js.$ref.replace("#/$defs/", "")], depth + 1, defs);
  }
  const alt = js.anyOf ?? js.oneOf;
  if (alt) {
    return exampleOf(alt.find((a: { type?: string }) => a.type !== "null") ?? alt[0], depth, defs);
  }
  if (js.allOf) return exampleOf(js.allOf[0], depth, defs);
  if (js.enum) return js.enum[0];
  if (js.const !== undefined) return js.const;
  if (js.default !== undefined) return js.default;
  const type = Array.isArray(js.type) ? js.type.find((t: string) => t !== "null") : js.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(js.properties ?? {})) {
        out[k] = exampleOf(v, depth + 1, defs);
      }
      return out;
    }
    case "array":
      return [exampleOf(js.items, depth + 1, defs)];
    case "string":
      return js.format === "date-time"
        ? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 86_400_000).toISOString()
        : js.format === "date" || String(js.pattern ?? "").includes("\\d{4}-\\d{2}-\\d{2}")
        ? "2026-06-01"
        : js.format === "uuid"
        ? crypto.randomUUID()
        : js.format === "email"
        ? "fuzz@test.festsafe.local"
        : js.format === "uri"
        ? "https://example.org/hook"
        : "fuzz1";
    case "number":
    case "integer":
      return js.minimum ?? js.exclusiveMinimum ?? 1;
    case "boolean":
      return true;
    default:
      return null;
  }
}

/** The paths of an example's leaves (and of its objects, where a key can be added). */
export function slotsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => slotsOf(x, [...at, i], out));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) slotsOf(x, [...at, k], out);
  }
  return out;
}

/** The example with the value at `path` replaced (or, for an object, a hostile key added). */
export function corrupt(
  example: unknown,
  pick: number,
  value: unknown,
  key: string,
  addKey = pick % 3 === 0,
): unknown {
  const copy = structuredClone(example);
  const slots = slotsOf(copy);
  const path = slots[pick % slots.length];
  if (!path.length) return value;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const target = parent[last];
  if (target && typeof target === "object" && !Array.isArray(target) && addKey) {
    (target as Record<string, unknown>)[key] = value;
  } else parent[last] = value;
  return copy;
}
