/**
 * CAP 1.2 (OASIS Common Alerting Protocol v1.2, 2010; namespace urn:oasis:names:tc:emergency:
 * cap:1.2): every FestSafe alert change as a CAP `alert`. An alert's first message is msgType
 * Alert; a change is an Update and its resolution a Cancel, each referencing the first message
 * (§3.2.1 `references`: "sender,identifier,sent" triples). Element order follows the
 * specification (§3.2.1 alert, §3.2.2 info, §3.2.4 area); times use §3.3.2's form
 * (2002-05-24T16:49:00-07:00, UTC written -00:00, never "Z"). Pure.
 */
import { create } from "xmlbuilder2";

export const CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2";

/** Code lists of CAP 1.2 (§3.2.1, §3.2.2). */
export const capCodes = {
  status: ["Actual", "Exercise", "System", "Test", "Draft"],
  msgType: ["Alert", "Update", "Cancel", "Ack", "Error"],
  scope: ["Public", "Restricted", "Private"],
  category: [
    "Geo",
    "Met",
    "Safety",
    "Security",
    "Rescue",
    "Fire",
    "Health",
    "Env",
    "Transport",
    "Infra",
    "CBRNE",
    "Other",
  ],
  responseType: [
    "Shelter",
    "Evacuate",
    "Prepare",
    "Execute",
    "Avoid",
    "Monitor",
    "Assess",
    "AllClear",
    "None",
  ],
  urgency: ["Immediate", "Expected", "Future", "Past", "Unknown"],
  severity: ["Extreme", "Severe", "Moderate", "Minor", "Unknown"],
  certainty: ["Observed", "Likely", "Possible", "Unlikely", "Unknown"],
} as const;

/** An alert as the API shows it (services/alerts.ts alertJson). */
export interface CapSourceAlert {
  id: string;
  kind: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  startsAt: string | null;
  endsAt: string | null;
  title: string;
  message: string;
  raisedAt: string;
  updatedAt: string | null;
  resolvedAt: string | null;
}

/** Where an alert applies: a circle around the hospital or event, or a description only. */
export interface CapArea {
  desc: string;
  circle?: { lat: number; lon: number; radiusKm: number };
}

/**
 * Radius of an alert's circle: a hospital's usual ambulance catchment and an event's surroundings
 * (assumed: regional boards draw EDs at about this scale; no standard gives one).
 */
export const HOSPITAL_RADIUS_KM = 25;
export const EVENT_RADIUS_KM = 5;

export type CapChange = "raised" | "updated" | "resolved";

/** CAP §3.3.2 dateTime: seconds precision, "-00:00" for UTC. */
export function capTime(t: string | Date): string {
  return new Date(t).toISOString().slice(0, 19) + "-00:00";
}

/** The CAP message of an alert change: which msgType, its identifier, time and references. */
export function capMessage(sender: string, a: CapSourceAlert, change: CapChange) {
  const first = { identifier: `festsafe-alert-${a.id}`, sent: capTime(a.raisedAt) };
  if (change === "raised") return { msgType: "Alert" as const, ...first, references: null };
  const references = `${sender},${first.identifier},${first.sent}`;
  if (change === "resolved") {
    const at = a.resolvedAt ?? a.updatedAt ?? a.raisedAt;
    return {
      msgType: "Cancel" as const,
      identifier: `${first.identifier}-cancel`,
      sent: capTime(at),
      references,
    };
  }
  const at = a.updatedAt ?? a.raisedAt;
  return {
    msgType: "Update" as const,
    identifier: `${first.identifier}-update-${new Date(at).getTime()}`,
    sent: capTime(at),
    references,
  };
}

/** The change an alert's latest state stands for (a new alert's updatedAt is its raisedAt). */
export const latestChange = (a: CapSourceAlert): CapChange =>
  a.resolvedAt
    ? "resolved"
    : a.updatedAt && new Date(a.updatedAt).getTime() > new Date(a.raisedAt).getTime()
    ? "updated"
    : "raised";

const severityOf: Record<CapSourceAlert["severity"], string> = {
  critical: "Extreme",
  high: "Severe",
  medium: "Moderate",
  low: "Minor",
  info: "Minor",
};

const eventOf: Record<string, string> = {
  capacity: "Emergency department capacity",
  nedocs: "Emergency department overcrowding (NEDOCS)",
  heat: "Heat",
  air_quality: "Air quality",
  feed: "Data feed outage",
  data: "Hospital data missing",
};

const instructionOf: Record<string, string> = {
  capacity: "Follow the hospital's FestSafe action plan: surge beds, staffing, discharges and " +
    "coordination with regional EMS.",
  nedocs: "Move boarders out of the ED, open surge spaces and update the regional status board.",
  heat: "Prepare for heat illness: cooling, fluids and staffing at the ED and event medical posts.",
  air_quality: "Prepare for respiratory presentations; advise vulnerable people to limit " +
    "outdoor exertion.",
  feed: "Check conditions from another source until the feed is back.",
  data: "Ask the hospital to send its current figures; its status is unknown until then.",
};

const HOUR = 3_600_000;

/** Urgency from when the condition starts relative to the message (CAP §3.2.2). */
function urgencyOf(a: CapSourceAlert, change: CapChange, sent: string): string {
  if (change === "resolved") return "Past";
  if (!a.startsAt) return "Unknown";
  const lead = new Date(a.startsAt).getTime() - new Date(sent).getTime();
  return lead <= 0 ? "Immediate" : lead <= HOUR ? "Expected" : "Future";
}

/** Certainty: reported or measured now is Observed; a forecast condition is Likely. */
function certaintyOf(a: CapSourceAlert, sent: string): string {
  const started = a.startsAt !== null && new Date(a.startsAt).getTime() <= new Date(sent).getTime();
  if (a.kind === "feed" || a.kind === "data") return "Observed";
  if (a.kind === "capacity") return "Likely"; // a median census forecast: more likely than not
  return started ? "Observed" : "Likely";
}

/** The CAP category: patients and public health are Health; data problems are Safety. */
const categoryOf = (kind: string) => (kind === "feed" || kind === "data" ? "Safety" : "Health");

type Node = ReturnType<typeof create>;

/** Appends one CAP `alert` element (used alone, or inside an Atom entry's content). */
export function appendCapAlert(
  parent: Node,
  opts: { sender: string; alert: CapSourceAlert; change: CapChange; area: CapArea },
): Node {
  const { sender, alert: a, change, area } = opts;
  const m = capMessage(sender, a, change);
  const e = parent.ele(CAP_NS, "alert");
  e.ele(CAP_NS, "identifier").txt(m.identifier);
  e.ele(CAP_NS, "sender").txt(sender);
  e.ele(CAP_NS, "sent").txt(m.sent);
  e.ele(CAP_NS, "status").txt("Actual");
  e.ele(CAP_NS, "msgType").txt(m.msgType);
  e.ele(CAP_NS, "scope").txt("Restricted");
  e.ele(CAP_NS, "restriction").txt(
    "For the organisation's hospitals, EMS and emergency-management partners",
  );
  if (m.references) e.ele(CAP_NS, "references").txt(m.references);
  const info = e.ele(CAP_NS, "info");
  info.ele(CAP_NS, "language").txt("en-US");
  info.ele(CAP_NS, "category").txt(categoryOf(a.kind));
  info.ele(CAP_NS, "event").txt(eventOf[a.kind] ?? a.kind);
  info.ele(CAP_NS, "responseType").txt(
    change === "resolved"
      ? "AllClear"
      : a.severity === "critical" || a.severity === "high"
      ? "Prepare"
      : "Monitor",
  );
  info.ele(CAP_NS, "urgency").txt(urgencyOf(a, change, m.sent));
  info.ele(CAP_NS, "severity").txt(severityOf[a.severity]);
  info.ele(CAP_NS, "certainty").txt(certaintyOf(a, m.sent));
  info.ele(CAP_NS, "effective").txt(m.sent);
  if (a.startsAt) info.ele(CAP_NS, "onset").txt(capTime(a.startsAt));
  const expires = change === "resolved" ? a.resolvedAt : a.endsAt;
  if (expires) info.ele(CAP_NS, "expires").txt(capTime(expires));
  info.ele(CAP_NS, "senderName").txt("FestSafe");
  info.ele(CAP_NS, "headline").txt(
    change === "resolved" ? `Resolved: ${a.title}`.slice(0, 160) : a.title.slice(0, 160),
  );
  info.ele(CAP_NS, "description").txt(a.message);
  if (change !== "resolved" && instructionOf[a.kind]) {
    info.ele(CAP_NS, "instruction").txt(instructionOf[a.kind]);
  }
  const p = info.ele(CAP_NS, "parameter");
  p.ele(CAP_NS, "valueName").txt("FestSafeAlertId");
  p.ele(CAP_NS, "value").txt(a.id);
  const ar = info.ele(CAP_NS, "area");
  ar.ele(CAP_NS, "areaDesc").txt(area.desc);
  if (area.circle) {
    const c = area.circle;
    ar.ele(CAP_NS, "circle").txt(`${c.lat},${c.lon} ${c.radiusKm}`);
  }
  return e;
}

/** One CAP `alert` document (UTF-8 XML). */
export function capDocument(
  opts: { sender: string; alert: CapSourceAlert; change: CapChange; area: CapArea },
): string {
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  appendCapAlert(doc, opts);
  return doc.end({ prettyPrint: true });
}

export const ATOM_NS = "http://www.w3.org/2005/Atom";

/**
 * An Atom feed (RFC 4287) whose entries carry CAP alerts as XML content, the form CAP
 * aggregators poll (one entry per alert, its latest message).
 */
export function capAtomFeed(opts: {
  id: string;
  title: string;
  selfUrl: string;
  updated: Date;
  entries: { sender: string; alert: CapSourceAlert; area: CapArea; link: string }[];
}): string {
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const feed = doc.ele(ATOM_NS, "feed");
  feed.ele(ATOM_NS, "id").txt(opts.id);
  feed.ele(ATOM_NS, "title").txt(opts.title);
  feed.ele(ATOM_NS, "updated").txt(opts.updated.toISOString());
  feed.ele(ATOM_NS, "author").ele(ATOM_NS, "name").txt("FestSafe");
  feed.ele(ATOM_NS, "link").att("rel", "self").att("href", opts.selfUrl);
  for (const e of opts.entries) {
    const change = latestChange(e.alert);
    const m = capMessage(e.sender, e.alert, change);
    const entry = feed.ele(ATOM_NS, "entry");
    entry.ele(ATOM_NS, "id").txt(`urn:festsafe:cap:${m.identifier}`);
    entry.ele(ATOM_NS, "title").txt(
      change === "resolved" ? `Resolved: ${e.alert.title}` : e.alert.title,
    );
    entry.ele(ATOM_NS, "updated").txt(new Date(m.sent.replace("-00:00", "Z")).toISOString());
    entry.ele(ATOM_NS, "published").txt(new Date(e.alert.raisedAt).toISOString());
    entry.ele(ATOM_NS, "summary").txt(e.alert.message);
    entry.ele(ATOM_NS, "link").att("rel", "alternate").att("type", "application/cap+xml")
      .att("href", e.link);
    const content = entry.ele(ATOM_NS, "content").att("type", "application/cap+xml");
    appendCapAlert(content, { sender: e.sender, alert: e.alert, change, area: e.area });
  }
  return doc.end({ prettyPrint: true });
}
