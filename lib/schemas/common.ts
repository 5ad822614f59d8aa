import { z } from "zod";
import { textProblem } from "../../framework/validation.ts";

/** A caller's own identifier for a hospital or event (the API's `id`). */
export const userId = z.string().regex(
  /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
  "must be 1–64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
);

/**
 * Instants the app accepts: years 1900–2199. PostgreSQL has no year 0 and JavaScript dates reach
 * far beyond anything a forecast or an event needs; outside this range is a typo or an attack.
 */
export const MIN_INSTANT = Date.UTC(1900, 0, 1);
export const MAX_INSTANT = Date.UTC(2200, 0, 1);

/** True when an ISO date or date-time string lies in the years the app accepts (1900–2199). */
export function inAcceptedYears(s: string): boolean {
  const t = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s).getTime();
  return Number.isFinite(t) && t >= MIN_INSTANT && t < MAX_INSTANT;
}

/** An ISO 8601 instant with its offset (`2025-04-12T18:00:00Z`), as a Date. */
export const instant = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with offset, e.g. 2025-04-12T18:00:00Z",
})
  .transform((s) => new Date(s))
  .refine(
    (d) => d.getTime() >= MIN_INSTANT && d.getTime() < MAX_INSTANT,
    "must be between the years 1900 and 2199",
  );

export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);
export const count = (max: number) => z.number().int("must be a whole number").min(0).max(max);

/** An IANA time zone name the runtime knows. */
export const timezone = z.string().min(1).max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as America/Los_Angeles");

/** A server-generated identifier. */
export const uuid = z.uuid();

export { parseUuid } from "../../framework/validation.ts";

/**
 * Text as the API accepts it: no NUL or other control characters except tab and newlines, no
 * unpaired surrogates (the framework refuses those in every JSON body and query already).
 */
export const cleanText = (max: number) =>
  z.string().max(max).refine((s) => textProblem(s) === null, "must not contain control characters");

/** `:id` of a resource: the organisation's own id for it or the server's uuid. */
export const idParams = z.strictObject({ id: cleanText(128).pipe(z.string().min(1)) });

/** `?format=`: the JSON answer (default) or its CSV form. */
export const formatQuery = z.strictObject({
  format: z.enum(["json", "csv"]).default("json").meta({
    description: "json (default) or csv (a download with the same fields)",
  }),
});
