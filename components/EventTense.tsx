/**
 * What the event pages say where an event's hours have no forecast: for an event still ahead the
 * forecast does not reach that far yet; for one that has ended there is none to have.
 */
export const eventEnded = (e: { endsAt: Date | string }, now = Date.now()) =>
  new Date(e.endsAt).getTime() <= now;

/** Stands in for a hospital's level during the event when its census is not known. */
export function CensusUnknown({ ended }: { ended: boolean }) {
  return (
    <span class="muted">
      {ended ? "event over: no census forecast for past hours" : "beyond the 72 h forecast"}
    </span>
  );
}

/** Why the event's conditions are not shown. */
export function noConditionsText(ended: boolean): string {
  return ended
    ? "No weather or air-quality readings are stored for the event's hours (it has ended)."
    : "No forecast for the event's hours yet: weather and air-quality feeds reach about a week ahead";
}
