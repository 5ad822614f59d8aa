import { parseUuid } from "../framework/validation.ts";

/**
 * True when s is a uuid in its text form (framework/validation.ts parseUuid). Check before
 * comparing with a uuid column: binding a non-uuid fails the statement, and comparing `id::text`
 * instead defeats the index.
 */
export function isUuid(s: string): boolean {
  return parseUuid(s) !== null;
}
