import { z } from "zod";
import { inAcceptedYears } from "./common.ts";
import { EXPORT_FILES } from "../../services/export.ts";

/** A day (UTC) or an instant; empty means "not given" (what an empty date field submits). */
const dayOrInstant = z.union([
  z.literal(""),
  z.union([z.iso.date(), z.iso.datetime({ offset: true })]).refine(
    inAcceptedYears,
    "must be between the years 1900 and 2199",
  ),
]);

/** GET /api/export. */
export const exportQuery = z.strictObject({
  format: z.enum(["zip", "csv"]).optional().meta({
    description: "zip (default): every file; csv: the one file named by `file`",
  }),
  file: z.enum(EXPORT_FILES).optional().meta({ description: "one file of the layout, as CSV" }),
  from: dayOrInstant.optional().meta({
    description: "first day (UTC) or instant; default: the first stored hour",
  }),
  to: dayOrInstant.optional().meta({
    description: "last day (UTC, inclusive) or instant (exclusive); default: the last stored hour",
  }),
});

/** The period of a query: days from their start; a `to` day up to its end. */
export function exportPeriod(q: { from?: string; to?: string }) {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const at = (v: string | undefined, end: boolean) => {
    if (!v) return undefined;
    if (!day.test(v)) return new Date(v);
    const d = new Date(`${v}T00:00:00Z`);
    return end ? new Date(d.getTime() + 86_400_000) : d;
  };
  return { from: at(q.from, false), to: at(q.to, true) };
}
