/** GET/PATCH /api/settings: an organisation's planning settings (domain/settings.ts). */
import { z } from "zod";
import { SETTING_DOCS } from "../../domain/settings.ts";
import { timezone } from "./common.ts";
import { nedocsBandNames } from "../../domain/nedocs.ts";

const doc = (k: keyof typeof SETTING_DOCS) =>
  `${SETTING_DOCS[k].source} Default ${JSON.stringify(SETTING_DOCS[k].default)}.`;

/** Each field with its range; the description carries its default and source. */
const fields = {
  lengthOfStayHours: z.number().min(0.5).max(48).meta({ description: doc("lengthOfStayHours") }),
  lengthOfStayCv: z.number().min(0.1).max(3).meta({ description: doc("lengthOfStayCv") }),
  estimateLengthOfStay: z.boolean().meta({ description: doc("estimateLengthOfStay") }),
  patientsPerNurse: z.number().min(1).max(12).meta({ description: doc("patientsPerNurse") }),
  patientsPerPhysicianHour: z.number().min(0.5).max(8).meta({
    description: doc("patientsPerPhysicianHour"),
  }),
  shiftStartHours: z.array(z.number().int().min(0).max(23)).min(1).max(6)
    .refine((a) => a.every((h, i) => i === 0 || h > a[i - 1]), "ascending distinct hours 0–23")
    .meta({ description: doc("shiftStartHours") }),
  maxSurgeShare: z.number().min(0).max(0.5).meta({
    description: `${doc("maxSurgeShare")} At most 0.5.`,
  }),
  ambulanceCycleHours: z.number().min(0.25).max(8).meta({
    description: doc("ambulanceCycleHours"),
  }),
  capacityAlertShare: z.number().min(0.5).max(1.5).meta({ description: doc("capacityAlertShare") }),
  heatAlertIndexC: z.number().min(27).max(60).meta({ description: doc("heatAlertIndexC") }),
  aqiAlert: z.number().int().min(51).max(500).meta({ description: doc("aqiAlert") }),
  timezone: timezone.meta({ description: doc("timezone") }),
  dataStaleHours: z.number().min(1).max(168).meta({ description: doc("dataStaleHours") }),
  alertClearMargin: z.number().min(0).max(0.5).meta({ description: doc("alertClearMargin") }),
  alertClearHours: z.number().min(0).max(48).meta({ description: doc("alertClearHours") }),
  nedocsAlertBand: z.enum([...nedocsBandNames, "off"]).meta({
    description: doc("nedocsAlertBand"),
  }),
};

/** PATCH: any subset; `null` puts a field back to its default. */
export const settingsPatch = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, s.nullable().optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<z.ZodNullable<typeof fields[K]>>;
  },
).refine((p) => Object.keys(p).length > 0, "send at least one setting to change")
  .meta({ id: "SettingsPatch" });

export const settingsValues = z.object(fields).meta({ id: "SettingsValues" });

export const settingsOut = z.object({
  ...fields,
  defaults: settingsValues,
  sources: z.record(z.string(), z.string()).meta({ description: "where each default comes from" }),
  changed: z.array(z.string()).meta({ description: "fields the organisation has set" }),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
}).meta({ id: "Settings" });

export type SettingsPatch = z.output<typeof settingsPatch>;
