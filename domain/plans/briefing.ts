/**
 * Which recommendations a printed briefing lists: those still waiting for a decision, and for an
 * event's briefing those about that event.
 */

interface Item {
  status: string;
  evidence: Record<string, unknown>;
}

/** Recommendations nobody has accepted, dismissed or marked done yet (status "open"). */
export function openItems<T extends Item>(recs: readonly T[]): T[] {
  return recs.filter((r) => r.status === "open");
}

/**
 * True when a recommendation is about the event: the event agents (event_medical, heat,
 * air_quality) name it in their evidence; the communications item that briefs it carries the
 * key `communications:event:<code>`.
 */
export function concernsEvent(r: Item, eventCode: string): boolean {
  return r.evidence.event === eventCode || r.evidence.key === `communications:event:${eventCode}`;
}
