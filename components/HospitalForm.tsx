import type { Hospital } from "../models/hospitals.ts";
import LocationPicker, { type LocationPickerProps } from "../islands/LocationPicker.tsx";
import { Field, FormErrors, PostForm, SelectField } from "./form/fields.tsx";
import { formNumber, type FormProblem } from "../lib/forms.ts";
import { zoneAt } from "../domain/zone_at.ts";

const zones = Intl.supportedValuesOf("timeZone").map((z) => ({ value: z, label: z }));
zones.unshift({ value: "UTC", label: "UTC" });

/** What the form shows: a stored hospital, or what the user typed into a refused post. */
export type HospitalValues = Partial<Record<keyof Hospital, string | number | null>>;

const traumaLevels = [
  { value: "", label: "not stated" },
  ...[1, 2, 3, 4].map((l) => ({ value: String(l), label: `Level ${l}` })),
];

/**
 * The fields of POST /api/hospitals (create) or PATCH /api/hospitals/:id (edit, without the
 * id, which never changes), with the location picked on a map.
 */
export function HospitalForm(
  { action, csrf, values, problem, map, creating }: {
    action: string;
    csrf: string;
    values: HospitalValues;
    problem?: FormProblem;
    map: Omit<LocationPickerProps, "lat" | "lon" | "errors">;
    creating: boolean;
  },
) {
  const errors = problem?.errors;
  const num = (v: unknown) => (v === undefined || v === "" ? null : Number(v));
  return (
    <PostForm action={action} csrf={csrf} class="form" testId="hospital-form">
      <FormErrors message={problem?.message} errors={errors} />
      {creating && (
        <Field
          name="id"
          label="Your identifier"
          hint="Used in uploads and the API (letters, digits, . _ : -); it cannot change later."
          value={values.code as string}
          errors={errors}
          required
        />
      )}
      <Field name="name" label="Name" value={values.name} errors={errors} required wide />
      <LocationPicker
        {...map}
        lat={num(values.lat)}
        lon={num(values.lon)}
        errors={{ lat: errors?.lat, lon: errors?.lon }}
        suggestZone={creating}
      />
      <Field
        name="edBeds"
        label="Staffed ED beds"
        type="number"
        min={0}
        value={values.edBeds}
        errors={errors}
        required
      />
      <Field
        name="icuBeds"
        label="ICU beds"
        type="number"
        min={0}
        value={values.icuBeds ?? 0}
        errors={errors}
      />
      <Field
        name="staffBaseline"
        label="Baseline ED staff per shift"
        type="number"
        min={0}
        value={values.staffBaseline ?? 0}
        errors={errors}
      />
      <Field
        name="inpatientBeds"
        label="Staffed inpatient beds (optional, for NEDOCS)"
        type="number"
        min={1}
        value={values.inpatientBeds ?? ""}
        errors={errors}
      />
      <SelectField
        name="timezone"
        label="Time zone"
        options={creating ? [{ value: "", label: "From the location" }, ...zones] : zones}
        value={String(values.timezone ?? (creating ? "" : "UTC"))}
        hint={creating
          ? "Suggested from the location when you pick it; left on “From the location”, the " +
            "zone at the latitude and longitude is used."
          : undefined}
        errors={errors}
      />
      <SelectField
        name="traumaLevel"
        label="Trauma level (chooses receiving hospitals for event transfers)"
        options={traumaLevels}
        value={values.traumaLevel === null || values.traumaLevel === undefined
          ? ""
          : String(values.traumaLevel)}
        errors={errors}
      />
      <div class="form-actions">
        <button type="submit" class="primary">{creating ? "Register hospital" : "Save"}</button>
        <a href="/hospitals">Cancel</a>
      </div>
    </PostForm>
  );
}

/** The form's post in the API's shape (numbers parsed; empty fields left to the schema). */
export function hospitalInput(form: Record<string, string>) {
  const n = formNumber;
  return {
    name: form.name,
    lat: n(form.lat),
    lon: n(form.lon),
    edBeds: n(form.edBeds),
    icuBeds: n(form.icuBeds),
    staffBaseline: n(form.staffBaseline),
    // Issue 22: a new hospital defaulted to UTC; with no zone chosen, use the location's.
    timezone: form.timezone || zoneAt(Number(form.lat), Number(form.lon)) || undefined,
    // "not stated" clears the level.
    traumaLevel: form.traumaLevel === undefined
      ? undefined
      : form.traumaLevel === ""
      ? null
      : n(form.traumaLevel),
    inpatientBeds: form.inpatientBeds ? n(form.inpatientBeds) : undefined,
  };
}
