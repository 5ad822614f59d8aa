import type { OwnDataError } from "../../services/model_errors.ts";

/**
 * The serving model's error on this hospital's own data beside the other candidates' (one plain
 * sentence; services/model_errors.ts), or why it is not measured yet.
 */
export function OwnDataErrorNote({ error }: { error: OwnDataError | null }) {
  return (
    <p class="muted" data-testid="own-data-error">
      {error
        ? error.summary
        : "The forecast model's error on this hospital's own data is measured when your " +
          "organisation's model is trained (automatically once a hospital has 8 weeks of history)."}
    </p>
  );
}
