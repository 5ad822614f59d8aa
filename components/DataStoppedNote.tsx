import { unknownLevelWords } from "../domain/freshness.ts";

/**
 * Readiness "unknown" because the hospital's data stopped: its level and data age in words, in
 * the hospital's zone, instead of figures built on missing data.
 */
export function DataStoppedNote(
  { dataAt, dataAgeHours, timeZone, testId = "readiness-unknown" }: {
    dataAt: string | null;
    dataAgeHours: number | null;
    timeZone: string;
    testId?: string;
  },
) {
  return (
    <p data-testid={testId}>
      Readiness over the next 72 h: <span class="badge badge-unknown">unknown</span>{" "}
      {unknownLevelWords({ dataAt, dataAgeHours, stale: true }, timeZone).replace(/^unknown /, "")}.
      No census or arrivals figure is shown until this hospital's uploads resume; a data alert is
      open for the organisation.
    </p>
  );
}
