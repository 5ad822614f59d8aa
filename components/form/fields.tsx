/**
 * Form fields for the management pages: a visible label, the hint and the field's error tied to
 * the control with aria-describedby, and the values the user typed kept after a refused post.
 */
import type { ComponentChildren } from "preact";

/** Field errors by name, as lib/forms.ts derives them from the API's error details. */
export type FieldErrors = Record<string, string>;

interface Common {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  required?: boolean;
  wide?: boolean;
}

function described(name: string, hint?: string, error?: string) {
  const ids = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ");
  return ids || undefined;
}

function Help({ name, hint, error }: { name: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && <span class="hint" id={`${name}-hint`}>{hint}</span>}
      {error && <span class="field-error" id={`${name}-error`}>{error}</span>}
    </>
  );
}

/** A text, number, date-time or e-mail input. */
export function Field(
  props: Common & {
    type?: "text" | "number" | "email" | "password" | "datetime-local" | "file";
    value?: string | number | null;
    step?: string;
    min?: number;
    max?: number;
    pattern?: string;
    autocomplete?: string;
    readOnly?: boolean;
  },
) {
  const error = props.errors?.[props.name];
  return (
    <label class={`field${props.wide ? " wide" : ""}`}>
      <span>{props.label}</span>
      <input
        name={props.name}
        id={props.name}
        type={(props.type ?? "text") as "text"}
        value={props.value ?? undefined}
        step={props.step}
        min={props.min}
        max={props.max}
        pattern={props.pattern}
        autocomplete={props.autocomplete}
        required={props.required}
        readOnly={props.readOnly}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described(props.name, props.hint, error)}
      />
      <Help name={props.name} hint={props.hint} error={error} />
    </label>
  );
}

/** A drop-down of fixed options. */
export function SelectField(
  props: Common & { options: { value: string; label: string }[]; value?: string },
) {
  const error = props.errors?.[props.name];
  return (
    <label class={`field${props.wide ? " wide" : ""}`}>
      <span>{props.label}</span>
      <select
        name={props.name}
        id={props.name}
        required={props.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described(props.name, props.hint, error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>{o.label}</option>
        ))}
      </select>
      <Help name={props.name} hint={props.hint} error={error} />
    </label>
  );
}

/** A yes/no checkbox (an unchecked box posts nothing: lib/forms.ts reads that as false). */
export function CheckField(props: Common & { checked?: boolean }) {
  const error = props.errors?.[props.name];
  return (
    <label class="field field-check">
      <input
        type="checkbox"
        name={props.name}
        id={props.name}
        value="true"
        checked={props.checked}
        aria-describedby={described(props.name, props.hint, error)}
      />
      <span>{props.label}</span>
      <Help name={props.name} hint={props.hint} error={error} />
    </label>
  );
}

/** What was wrong with the whole post (or with fields the form does not show). */
export function FormErrors({ message, errors }: { message?: string; errors?: FieldErrors }) {
  if (!message) return null;
  const extra = Object.entries(errors ?? {}).filter(([k]) => k.startsWith("("));
  return (
    <div class="form-errors" role="alert" data-testid="form-errors">
      <p>{message}</p>
      {extra.length > 0 && <ul>{extra.map(([k, v]) => <li key={k}>{k}: {v}</li>)}</ul>}
    </div>
  );
}

/** A POST form carrying the CSRF token (and an `action` name when the page has several). */
export function PostForm(
  { action, csrf, name, class: cls, children, testId }: {
    action: string;
    csrf: string;
    name?: string;
    class?: string;
    children: ComponentChildren;
    testId?: string;
  },
) {
  return (
    <form method="post" action={action} class={cls} data-testid={testId}>
      <input type="hidden" name="_csrf" value={csrf} />
      {name && <input type="hidden" name="action" value={name} />}
      {children}
    </form>
  );
}
