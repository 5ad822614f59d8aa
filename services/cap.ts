/**
 * CAP 1.2 of an organisation's alerts: one alert's latest message (GET /api/alerts/:id/cap), an
 * Atom feed of them (GET /api/alerts.cap) and the `cap` webhook format. Reads only.
 */
import type { Queryable } from "../infra/db.ts";
import { parseUuid } from "../lib/schemas/common.ts";
import { notFound } from "../framework/http_error.ts";
import { getAlert, listAlerts } from "../models/alerts.ts";
import { listHospitals } from "../models/hospitals.ts";
import { listEvents } from "../models/events.ts";
import {
  type CapArea,
  capAtomFeed,
  type CapChange,
  capDocument,
  type CapSourceAlert,
  EVENT_RADIUS_KM,
  HOSPITAL_RADIUS_KM,
  latestChange,
} from "../domain/cap.ts";
import { alertJson } from "./alerts.ts";

/** CAP `sender` of an organisation's messages (globally unique, no spaces or commas). */
export const capSender = (orgId: string) => `urn:festsafe:org:${orgId}`;

type Json = ReturnType<typeof alertJson>;

/** Resolves the areas of alerts: a circle around their hospital or event, else the region. */
async function areaResolver(db: Queryable, orgId: string) {
  const [hospitals, events] = await Promise.all([listHospitals(db, orgId), listEvents(db, orgId)]);
  const hospitalOf = new Map(hospitals.map((h) => [h.code, h]));
  const eventOf = new Map(events.map((e) => [e.code, e]));
  return (a: Pick<Json, "hospitalId" | "eventId">): CapArea => {
    const h = a.hospitalId ? hospitalOf.get(a.hospitalId) : undefined;
    if (h) {
      return { desc: h.name, circle: { lat: h.lat, lon: h.lon, radiusKm: HOSPITAL_RADIUS_KM } };
    }
    const e = a.eventId ? eventOf.get(a.eventId) : undefined;
    if (e) return { desc: e.name, circle: { lat: e.lat, lon: e.lon, radiusKm: EVENT_RADIUS_KM } };
    return { desc: "All hospitals and events of the organisation" };
  };
}

/** One alert's latest CAP message; 404 for an unknown id or another organisation's alert. */
export async function alertCapXml(db: Queryable, orgId: string, id: string): Promise<string> {
  const uuid = parseUuid(id);
  const row = uuid ? await getAlert(db, orgId, uuid) : null;
  if (!row) throw notFound("alert");
  const alert = alertJson(row);
  const area = (await areaResolver(db, orgId))(alert);
  return capDocument({ sender: capSender(orgId), alert, change: latestChange(alert), area });
}

/** The Atom feed of the organisation's alerts (newest 200, resolved ones as Cancel). */
export async function alertsCapFeed(
  db: Queryable,
  orgId: string,
  baseUrl: string,
): Promise<string> {
  const rows = (await listAlerts(db, orgId, { state: "all", limit: 200 }))
    .filter((r) => !r.regionWide);
  const alerts = rows.map(alertJson);
  const area = await areaResolver(db, orgId);
  const updated = alerts.reduce(
    (t, a) => Math.max(t, new Date(a.resolvedAt ?? a.updatedAt ?? a.raisedAt).getTime()),
    0,
  );
  return capAtomFeed({
    id: `urn:festsafe:org:${orgId}:alerts`,
    title: "FestSafe alerts (CAP 1.2)",
    selfUrl: `${baseUrl}/api/alerts.cap`,
    updated: new Date(updated || Date.now()),
    entries: alerts.map((a) => ({
      sender: capSender(orgId),
      alert: a,
      area: area(a),
      link: `${baseUrl}/api/alerts/${a.id}/cap`,
    })),
  });
}

/**
 * The CAP message of a queued webhook body (FestSafe's JSON: `{type: "alert.<change>", alert}`);
 * null for anything else (a test ping), which is sent as it is.
 */
export async function capOfDelivery(
  db: Queryable,
  orgId: string,
  body: string,
): Promise<string | null> {
  const parsed = JSON.parse(body) as { type?: string; alert?: CapSourceAlert & Json };
  const change = parsed.type?.replace(/^alert\./, "") as CapChange | undefined;
  if (!parsed.alert || !change || !["raised", "updated", "resolved"].includes(change)) return null;
  const area = (await areaResolver(db, orgId))(parsed.alert);
  return capDocument({ sender: capSender(orgId), alert: parsed.alert, change, area });
}
