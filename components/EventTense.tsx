/**
 * What the event pages say where an event's hours have no forecast: for an event still ahead the
 * forecast does not reach that far yet; for one that has ended there is none to have.
 */
export const eventEnded = (e: { endsAt: Date | string }, now = Date.now()) =>
  new Date(e.endsAt).getTime() <= now;

const FORECAST_HOURS = 72;
const HOUR = 3_600_000;

/**
 * Stands in for a hospital's level during the event when its census is not known, saying why:
 * the event has ended, it starts beyond the 72 h forecast, or (within it) the hospital has no
 * census forecast yet — an event 44 h away is never called "beyond the 72 h forecast".
 */
export function CensusUnknown(
  { event, now = Date.now() }: {
    event: { startsAt: Date | string; endsAt: Date | string };
    now?: number;
  },
) {
  const text = eventEnded(event, now)
    ? "event over: no census forecast for past hours"
    : new Date(event.startsAt).getTime() >= now + FORECAST_HOURS * HOUR
    ? "beyond the 72 h forecast"
    : "no census forecast for this hospital yet (no recent data or no plan)";
  return <span class="muted">{text}</span>;
}

/** Why the event's conditions are not shown. */
export function noConditionsText(ended: boolean): string {
  return ended
    ? "No weather or air-quality readings are stored for the event's hours (it has ended)."
    : "No forecast for the event's hours yet: weather and air-quality feeds reach about a week ahead";
}
