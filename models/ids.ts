/** Row ids are uuids; a string that is not one can match no row. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when s is a uuid in its text form. Check before comparing with a uuid column: binding a
 * non-uuid fails the statement, and comparing `id::text` instead defeats the index.
 */
export function isUuid(s: string): boolean {
  return uuidPattern.test(s);
}
