/**
 * The organisation's iCalendar feed (GET /api/events.ics?token=): a revocable per-organisation
 * token, created (or replaced) and revoked by its admins on /admin. Only the token's SHA-256 is
 * stored; the feed URL is shown once.
 */
import { HttpError } from "../framework/http_error.ts";
import type { Queryable } from "../infra/db.ts";
import {
  calendarTokenOf,
  deleteCalendarToken,
  orgOfCalendarToken,
  replaceCalendarToken,
} from "../models/calendar_feed.ts";
import { listEvents } from "../models/events.ts";
import { getOrg } from "../models/orgs.ts";
import { eventsCalendar } from "../domain/ical.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { orgTimezone } from "./settings.ts";

async function sha256(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** 256 random bits, URL-safe. */
function newToken(): string {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return "fsc_" + btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

export { calendarTokenOf };

/** Creates the organisation's feed token (revoking any earlier one); returns it once. */
export async function issueCalendarToken(deps: Deps, who: Actor & { orgId: string }) {
  const token = newToken();
  await deps.db.transaction(async (tx) => {
    await replaceCalendarToken(tx, who.orgId, {
      tokenHash: await sha256(token),
      tokenHint: `…${token.slice(-4)}`,
      createdBy: who.actorId,
    });
    await auditChange(tx, who, "create", "calendar_feed", who.orgId);
  });
  await changed(deps.cache, who.orgId);
  return token;
}

/** Revokes the organisation's feed token: its URL answers 404 from now on. */
export async function revokeCalendarToken(deps: Deps, who: Actor & { orgId: string }) {
  await deps.db.transaction(async (tx) => {
    if (!await deleteCalendarToken(tx, who.orgId)) {
      throw new HttpError(404, "not_found", "no calendar feed to revoke");
    }
    await auditChange(tx, who, "delete", "calendar_feed", who.orgId);
  });
  await changed(deps.cache, who.orgId);
}

/** The feed of the token's organisation: events from 90 days back on; 404 for a bad token. */
export async function calendarFeed(db: Queryable, token: string, now = new Date()) {
  const orgId = token.startsWith("fsc_") ? await orgOfCalendarToken(db, await sha256(token)) : null;
  if (!orgId) throw new HttpError(404, "not_found", "no calendar feed with this token");
  const [events, timezone, org] = await Promise.all([
    listEvents(db, orgId, { from: new Date(now.getTime() - 90 * 86_400_000) }),
    orgTimezone(db, orgId),
    getOrg(db, orgId),
  ]);
  return eventsCalendar({
    name: `FestSafe events — ${org?.name ?? "organisation"}`,
    timezone,
    events,
    now,
  });
}
