/** Registering, changing and deleting events: one transaction each, audited inside it. */
import { HttpError, notFound } from "../framework/http_error.ts";
import { validationFailed } from "../framework/validation.ts";
import {
  deleteEvent as deleteEventRow,
  type EventFields,
  getEvent,
  insertEvent,
  updateEvent,
} from "../models/events.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { requestRefresh } from "./refresh.ts";
import { eventWindowProblems } from "../lib/limits.ts";

/** Registers an event under the organisation's own id (`code`) for it. */
export async function createEvent(
  deps: Deps,
  who: Actor & { orgId: string },
  input: EventFields & { code: string },
) {
  const e = await deps.db.transaction(async (tx) => {
    const row = await insertEvent(tx, who.orgId, input);
    if (!row) {
      throw new HttpError(409, "conflict", `event ${input.code} exists`, [
        { path: "id", message: "already used in this organisation" },
      ]);
    }
    await auditChange(tx, who, "create", "events", row.id);
    await requestRefresh(tx, who.orgId, "event");
    return row;
  });
  await changed(deps.cache, who.orgId, {
    type: "plan",
    data: { reason: "event", eventId: e.code },
  });
  return e;
}

/** Changes some of an event's fields; the result must still end after it starts. */
export async function changeEvent(
  deps: Deps,
  who: Actor & { orgId: string },
  id: string,
  patch: Partial<EventFields>,
) {
  const e = await deps.db.transaction(async (tx) => {
    const found = await getEvent(tx, who.orgId, id);
    if (!found) throw notFound("event");
    const startsAt = patch.startsAt ?? new Date(found.startsAt);
    const endsAt = patch.endsAt ?? new Date(found.endsAt);
    // The schema checked the fields sent; the merged window must still hold (lib/limits.ts). The
    // stored start is not checked against today: an event may be corrected after it ran.
    const [problem] = eventWindowProblems(startsAt, endsAt).filter((p) => p.path === "endsAt");
    if (problem) {
      throw validationFailed([{
        path: patch.endsAt ? "endsAt" : "startsAt",
        message: problem.message === "must be after startsAt"
          ? "endsAt must be after startsAt"
          : problem.message,
      }]);
    }
    const row = await updateEvent(tx, who.orgId, found.id, patch);
    if (!row) throw notFound("event");
    await auditChange(tx, who, "update", "events", row.id);
    await requestRefresh(tx, who.orgId, "event");
    return row;
  });
  await changed(deps.cache, who.orgId, {
    type: "plan",
    data: { reason: "event", eventId: e.code },
  });
  return e;
}

/** Deletes an event. */
export async function removeEvent(deps: Deps, who: Actor & { orgId: string }, id: string) {
  await deps.db.transaction(async (tx) => {
    const found = await getEvent(tx, who.orgId, id);
    if (!found || !await deleteEventRow(tx, who.orgId, found.id)) throw notFound("event");
    await auditChange(tx, who, "delete", "events", found.id);
    await requestRefresh(tx, who.orgId, "event");
  });
  await changed(deps.cache, who.orgId, { type: "plan", data: { reason: "event" } });
}
