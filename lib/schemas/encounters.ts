import { z } from "zod";
import { instant } from "./common.ts";

/** Chief-complaint categories kept with an encounter (free text is never accepted). */
export const complaintCategories = [
  "heat_illness",
  "intoxication",
  "injury",
  "respiratory",
  "cardiac",
  "neurological",
  "psychiatric",
  "gastrointestinal",
  "allergic",
  "other",
] as const;
export const sexes = ["female", "male", "other", "unknown"] as const;
export const arrivalModes = ["ambulance", "walk_in", "other"] as const;
export const dispositions = [
  "discharged",
  "admitted",
  "transferred",
  "left_without_being_seen",
  "died",
  "other",
] as const;

const identifier = z.string().trim().min(1).max(200);

/**
 * One ED encounter as a hospital system sends it. The identifier fields are accepted so that
 * exports can be sent unchanged, but none of them is stored: `patientId`/`mrn` and `encounterId`
 * become HMAC pseudonyms, `birthDate`/`age` a 5-year band, the rest is dropped.
 */
export const encounterRecord = z.strictObject({
  hospitalId: z.string().min(1).max(64),
  encounterId: identifier,
  arrivedAt: instant.refine((d) => d.getUTCFullYear() >= 2000, "must be in 2000 or later")
    .refine((d) => d.getTime() <= Date.now() + 86_400_000, "must not be more than a day ahead"),
  complaintCategory: z.enum(complaintCategories).optional(),
  sex: z.enum(sexes).optional(),
  age: z.number().int("must be a whole number").min(0).max(130).optional(),
  birthDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be YYYY-MM-DD").optional(),
  arrivalMode: z.enum(arrivalModes).optional(),
  disposition: z.enum(dispositions).optional(),
  patientId: identifier.optional(),
  mrn: identifier.optional(),
  name: z.string().max(500).optional(),
  givenName: z.string().max(200).optional(),
  familyName: z.string().max(200).optional(),
  address: z.string().max(1000).optional(),
  postalCode: z.string().max(20).optional(),
  phone: z.string().max(50).optional(),
  email: z.string().max(254).optional(),
  ssn: z.string().max(20).optional(),
}).meta({
  id: "EncounterRecord",
  description: "Identifier fields are pseudonymised or dropped before storage; never stored.",
});

export const encountersBody = z.strictObject({
  records: z.array(encounterRecord).min(1).max(50_000),
}).meta({ id: "EncountersUpload" });

export const encounterColumns = Object.keys(encounterRecord.shape);

export type EncounterRecord = z.output<typeof encounterRecord>;
