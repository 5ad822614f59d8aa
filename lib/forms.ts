/**
 * HTML form posts of the management pages → the API's request shapes, so that a page validates
 * with the same zod schema and calls the same service as the API route it mirrors; and the
 * API's error details → messages beside the fields.
 */
import { HttpError } from "../framework/http_error.ts";
import type { FieldErrors } from "../components/form/fields.tsx";
import { wallTimeToInstant } from "../components/time.ts";

/** A number field: empty means "not given" (the schema decides), anything else is parsed. */
export const formNumber = (v: string | undefined): number | undefined =>
  v === undefined || v.trim() === "" ? undefined : Number(v);

/** A checkbox: browsers post its value when checked and nothing otherwise. */
export const formFlag = (v: string | undefined): boolean => v === "true" || v === "on";

/** A text field: trimmed, empty means "not given". */
export const formText = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === "" ? undefined : v.trim();

/**
 * A datetime-local field read in the given zone, as the ISO instant the API takes; unparseable
 * text is passed on as typed, so the schema names the field.
 */
export function formInstant(v: string | undefined, timeZone: string): string | undefined {
  const text = formText(v);
  if (!text) return undefined;
  return wallTimeToInstant(text, timeZone)?.toISOString() ?? text;
}

/** What a refused post shows: the message, and each field's first problem by name. */
export interface FormProblem {
  message: string;
  errors: FieldErrors;
  status: number;
}

/**
 * Turns a refusal the user can fix (a 4xx other than a CSRF failure) into messages for the
 * form; anything else is thrown on to the error page.
 */
export function formProblem(err: unknown): FormProblem {
  if (!(err instanceof HttpError) || err.status >= 500 || err.code === "csrf_failed") throw err;
  if (err.status === 401 || err.status === 403) throw err;
  const errors: FieldErrors = {};
  for (const d of err.details) errors[d.path] ??= d.message;
  const message = err.status === 422 ? "Please correct the fields marked below." : err.message;
  return { message, errors, status: err.status };
}
