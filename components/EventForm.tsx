import { eventTypes, type FestEvent } from "../models/events.ts";
import LocationPicker, { type LocationPickerProps } from "../islands/LocationPicker.tsx";
import { CheckField, Field, FormErrors, PostForm, SelectField } from "./form/fields.tsx";
import { formFlag, formInstant, formNumber, type FormProblem } from "../lib/forms.ts";
import { instantToWallTime } from "./time.ts";

/** What the form shows: a stored event, or what the user typed into a refused post. */
export type EventValues = Partial<Record<keyof FestEvent, string | number | boolean | Date>>;

const typeOptions = eventTypes.map((t) => ({ value: t, label: t.replace("_", " ") }));

/** The stored event as form values, its times as wall-clock times in the zone. */
export function eventValues(e: FestEvent, timeZone: string): EventValues {
  return {
    ...e,
    startsAt: instantToWallTime(e.startsAt, timeZone),
    endsAt: instantToWallTime(e.endsAt, timeZone),
  };
}

/**
 * The fields of POST /api/events (create) or PATCH /api/events/:id (edit). Start and end are
 * typed as wall-clock times in the organisation's zone and sent to the API as instants.
 */
export function EventForm(
  { action, csrf, values, problem, map, creating, timeZone }: {
    action: string;
    csrf: string;
    values: EventValues;
    problem?: FormProblem;
    map: Omit<LocationPickerProps, "lat" | "lon" | "errors">;
    creating: boolean;
    timeZone: string;
  },
) {
  const errors = problem?.errors;
  const num = (v: unknown) => (v === undefined || v === "" ? null : Number(v));
  const flag = (v: unknown, fallback: boolean) =>
    v === undefined ? fallback : v === true || v === "true";
  return (
    <PostForm action={action} csrf={csrf} class="form" testId="event-form">
      <FormErrors message={problem?.message} errors={errors} />
      {creating && (
        <Field
          name="id"
          label="Your identifier"
          hint="Letters, digits, . _ : - ; it cannot change later."
          value={values.code as string}
          errors={errors}
          required
        />
      )}
      <Field name="name" label="Name" value={values.name as string} errors={errors} required wide />
      <SelectField
        name="type"
        label="Type"
        options={typeOptions}
        value={String(values.type ?? "music_festival")}
        errors={errors}
      />
      <Field
        name="expectedAttendance"
        label="Expected attendance"
        type="number"
        min={0}
        value={values.expectedAttendance as number}
        errors={errors}
        required
      />
      <Field
        name="startsAt"
        label={`Starts (${timeZone})`}
        type="datetime-local"
        value={values.startsAt as string}
        errors={errors}
        required
      />
      <Field
        name="endsAt"
        label={`Ends (${timeZone})`}
        type="datetime-local"
        value={values.endsAt as string}
        errors={errors}
        required
      />
      <SelectField
        name="attendanceBasis"
        label="Attendance is"
        options={[
          { value: "total", label: "the total over all days" },
          { value: "perDay", label: "per day (each day's crowd)" },
        ]}
        value={String(values.attendanceBasis ?? "total")}
        errors={errors}
      />
      <LocationPicker
        {...map}
        lat={num(values.lat)}
        lon={num(values.lon)}
        errors={{ lat: errors?.lat, lon: errors?.lon }}
      />
      <CheckField name="indoor" label="Indoor" checked={flag(values.indoor, false)} />
      <CheckField
        name="bounded"
        label="Bounded (fenced, ticketed)"
        checked={flag(values.bounded, true)}
      />
      <CheckField name="alcohol" label="Alcohol served" checked={flag(values.alcohol, false)} />
      <CheckField
        name="freeWater"
        label="Free drinking water"
        checked={flag(values.freeWater, true)}
      />
      <div class="form-actions">
        <button type="submit" class="primary">{creating ? "Register event" : "Save"}</button>
        <a href="/events">Cancel</a>
      </div>
    </PostForm>
  );
}

/** The form's post in the API's shape (every field, as the full form sends them). */
export function eventInput(form: Record<string, string>, timeZone: string) {
  return {
    name: form.name,
    type: form.type,
    lat: formNumber(form.lat),
    lon: formNumber(form.lon),
    startsAt: formInstant(form.startsAt, timeZone),
    endsAt: formInstant(form.endsAt, timeZone),
    expectedAttendance: formNumber(form.expectedAttendance),
    indoor: formFlag(form.indoor),
    bounded: formFlag(form.bounded),
    alcohol: formFlag(form.alcohol),
    freeWater: formFlag(form.freeWater),
    attendanceBasis: form.attendanceBasis || undefined,
  };
}

/** A refused post's values: checkboxes absent from the post were unchecked. */
export function postedEventValues(form: Record<string, string>): EventValues {
  return {
    ...form,
    code: form.id,
    indoor: formFlag(form.indoor),
    bounded: formFlag(form.bounded),
    alcohol: formFlag(form.alcohol),
    freeWater: formFlag(form.freeWater),
  };
}
