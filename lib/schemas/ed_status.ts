/** NEDOCS in the forecast answer (CONTRACT.md `nedocs`; Weiss 2004, DOMAIN.md). */
import { z } from "zod";
import { nedocsBandNames } from "../../domain/nedocs.ts";

const isoTime = z.iso.datetime({ offset: true });
const band = z.enum(nedocsBandNames).meta({
  description: "0–20 not_busy, 21–60 busy, 61–100 extremely_busy, 101–140 overcrowded, " +
    "141–180 severely_overcrowded, 181+ dangerously_overcrowded",
});

export const nedocsOut = z.object({
  score: z.number().meta({ description: "NEDOCS from the latest reported inputs (≥ 0)" }),
  band,
  at: isoTime.meta({ description: "hour of the newest input the score uses" }),
  projection: z.array(z.object({ ts: isoTime, score: z.number(), band })).meta({
    description: "per forecast hour: the census forecast (mean) as patients in the ED, every " +
      "other term held at its latest reported value",
  }),
}).meta({ id: "Nedocs" });
