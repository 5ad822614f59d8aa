/**
 * FHIR R4 Bundle → encounter records. Reads Encounter (identifier, period.start, reasonCode,
 * hospitalization.dischargeDisposition, serviceProvider) and the Patient it points to
 * (identifier, gender, birthDate). Everything else in the resources (names, telecom, address …)
 * is never copied out. http://hl7.org/fhir/R4/encounter.html, http://hl7.org/fhir/R4/patient.html
 */
import { z } from "zod";
import { validationFailed, zodDetails } from "../../framework/validation.ts";
import { complaintCategories, dispositions, sexes } from "../../lib/schemas/encounters.ts";
import type { Candidate } from "./records.ts";

const coding = z.object({ system: z.string().optional(), code: z.string().optional() });
const codeable = z.object({ coding: z.array(coding).optional(), text: z.string().optional() });
const identifier = z.object({ system: z.string().optional(), value: z.string().optional() });
const reference = z.object({ reference: z.string().optional(), identifier: identifier.optional() });

const encounter = z.object({
  resourceType: z.literal("Encounter"),
  id: z.string().optional(),
  identifier: z.array(identifier).optional(),
  period: z.object({ start: z.string() }),
  subject: reference.optional(),
  serviceProvider: reference.optional(),
  reasonCode: z.array(codeable).optional(),
  hospitalization: z.object({ dischargeDisposition: codeable.optional() }).optional(),
});

const patient = z.object({
  resourceType: z.literal("Patient"),
  id: z.string().optional(),
  identifier: z.array(identifier).optional(),
  gender: z.enum(sexes).optional(),
  birthDate: z.string().optional(),
});

const bundle = z.object({
  resourceType: z.literal("Bundle"),
  entry: z.array(
    z.object({
      fullUrl: z.string().optional(),
      resource: z.looseObject({ resourceType: z.string() }),
    }),
  )
    .min(1).max(100_000),
});

/** discharge-disposition codes (http://terminology.hl7.org/CodeSystem/discharge-disposition). */
const dispositionByFhir: Record<string, (typeof dispositions)[number]> = {
  home: "discharged",
  "alt-home": "discharged",
  "other-hcf": "transferred",
  hosp: "transferred",
  long: "transferred",
  aadvice: "left_without_being_seen",
  exp: "died",
  psy: "transferred",
  rehab: "transferred",
  snf: "transferred",
  oth: "other",
};

const category = (c: z.infer<typeof codeable>[] | undefined) => {
  for (const cc of c ?? []) {
    for (const cd of cc.coding ?? []) {
      if ((complaintCategories as readonly string[]).includes(cd.code ?? "")) return cd.code;
    }
  }
  return c?.length ? "other" : undefined;
};

/** Where each record field came from in the Encounter (or the Patient it references). */
const fhirNames: Record<string, string> = {
  hospitalId: "serviceProvider",
  encounterId: "identifier",
  arrivedAt: "period.start",
  complaintCategory: "reasonCode",
  sex: "subject(Patient).gender",
  birthDate: "subject(Patient).birthDate",
  disposition: "hospitalization.dischargeDisposition",
  patientId: "subject(Patient).identifier",
};

/** Turns a Bundle into encounter candidates (paths point into the bundle: entry.3.resource…). */
export function fhirCandidates(body: unknown, hospitalParam: string | null): Candidate[] {
  const b = bundle.safeParse(body);
  if (!b.success) throw validationFailed(zodDetails(b.error));
  const patients = new Map<string, z.infer<typeof patient>>();
  const problems: Candidate[] = [];
  b.data.entry.forEach((e, i) => {
    if (e.resource.resourceType !== "Patient") return;
    const p = patient.safeParse(e.resource);
    if (!p.success) {
      throw validationFailed(zodDetails(p.error, ["entry", i, "resource"]));
    }
    if (p.data.id) patients.set(`Patient/${p.data.id}`, p.data);
    if (e.fullUrl) patients.set(e.fullUrl, p.data);
  });
  const out: Candidate[] = [];
  b.data.entry.forEach((e, i) => {
    if (e.resource.resourceType !== "Encounter") return;
    const at = ["entry", i, "resource"];
    const parsed = encounter.safeParse(e.resource);
    if (!parsed.success) {
      // Handed on as an input the record schema refuses, so the row error names the field.
      out.push({ row: i, at, input: { __fhir: zodDetails(parsed.error, at) } });
      return;
    }
    const enc = parsed.data;
    const pat = enc.subject?.reference ? patients.get(enc.subject.reference) : undefined;
    const patientIdent = pat?.identifier?.find((x) => x.value);
    const hospitalId = hospitalParam ?? enc.serviceProvider?.identifier?.value ??
      enc.serviceProvider?.reference?.replace(/^Organization\//, "");
    const dispositionCode = enc.hospitalization?.dischargeDisposition?.coding?.[0]?.code;
    out.push({
      row: i,
      at,
      input: {
        hospitalId,
        encounterId: enc.identifier?.find((x) => x.value)?.value ?? enc.id,
        arrivedAt: enc.period.start,
        complaintCategory: category(enc.reasonCode),
        sex: pat?.gender,
        birthDate: pat?.birthDate,
        disposition: dispositionCode ? dispositionByFhir[dispositionCode] ?? "other" : undefined,
        patientId: patientIdent ? `${patientIdent.system ?? ""}|${patientIdent.value}` : pat?.id,
      },
    });
  });
  return [...problems, ...out].map((c) => ({
    ...c,
    rename: fhirNames,
    input: Object.fromEntries(
      Object.entries(c.input as Record<string, unknown>).filter(([, v]) => v !== undefined),
    ),
  }));
}

/** The FHIR structural problems carried by a candidate, if any. */
export function fhirProblems(input: unknown): { path: string; message: string }[] | null {
  return typeof input === "object" && input !== null && "__fhir" in input
    ? (input as { __fhir: { path: string; message: string }[] }).__fhir
    : null;
}
