import type { z } from "zod";
import { FeedError } from "./http.ts";

/** Validates a service's answer; a mismatch is a "schema" FeedError naming the first field. */
export function parseResponse<S extends z.ZodType>(
  feed: string,
  what: string,
  schema: S,
  data: unknown,
): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.length ? issue.path.join(".") : "(top level)";
  throw new FeedError(
    "schema",
    `${feed}: unexpected ${what} response: ${path}: ${issue.message}`,
  );
}
