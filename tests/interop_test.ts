/**
 * EDXL-HAVE 1.0 and CAP 1.2 documents as another agency's system reads them (issue 18): every
 * document the API produces is parsed with an XML parser and checked against tables taken from
 * the specifications (namespaces, required elements, their order, code lists), a Cancel is
 * followed back to its Alert, and the Atom feed is read with a feed-reader library.
 *
 * The tables below are copied from the specifications, not from FestSafe's code:
 * - EDXL-HAVE 1.0 (OASIS Standard, 1 Nov 2008), schema edxl-have.xsd: the sequences of
 *   Hospital, Organization, EmergencyDepartmentStatus, EMSTraffic, HospitalBedCapacityStatus/
 *   BedCapacity, Capacity; the EMSTrafficStatus, BedType and CapacityStatus enumerations.
 * - CAP 1.2 (OASIS Standard, 1 Jul 2010) §3.2.1–3.2.4: the alert, info and area elements in
 *   order, which are required, and the code lists; §3.3.2 for date-times.
 */
import { expect } from "expect";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { parseFeed } from "@rowanmanning/feed-parser";
import { dbTest } from "./support/services.ts";
import { buildTestApp } from "./support/app.ts";
import { bearer, jsonInit, makeOrg } from "./support/accounts.ts";
import { buildOrgPlans } from "../services/plans.ts";
import { evaluateAlerts } from "../services/alerts.ts";

const HAVE = "urn:oasis:names:tc:emergency:EDXL:HAVE:1.0";
const CAP = "urn:oasis:names:tc:emergency:cap:1.2";
const ATOM = "http://www.w3.org/2005/Atom";
const HOUR = 3_600_000;

/** Element order per parent (EDXL-HAVE 1.0 schema), with the required ones. */
const haveSequences: Record<string, { order: string[]; required: string[] }> = {
  HospitalStatus: { order: ["Hospital"], required: ["Hospital"] },
  Hospital: {
    order: [
      "Organization",
      "EmergencyDepartmentStatus",
      "HospitalBedCapacityStatus",
      "ServiceCoverageStatus",
      "HospitalFacilityStatus",
      "HospitalResourcesStatus",
      "LastUpdateTime",
    ],
    required: ["Organization", "LastUpdateTime"],
  },
  Organization: {
    order: ["OrganizationInformation", "OrganizationGeoLocation", "CommentText"],
    required: ["OrganizationInformation"],
  },
  EmergencyDepartmentStatus: {
    order: [
      "EMSTraffic",
      "EMSCapacity",
      "EMSCensus",
      "EMSAmbulanceStatus",
      "EMSAirTransportStatus",
      "CommentText",
    ],
    required: [],
  },
  EMSTraffic: { order: ["EMSTrafficStatus", "EMSTrafficReason", "CommentText"], required: [] },
  HospitalBedCapacityStatus: { order: ["BedCapacity"], required: ["BedCapacity"] },
  BedCapacity: {
    order: ["BedType", "SubCategoryBedType", "Capacity", "CommentText"],
    required: [],
  },
  Capacity: {
    order: [
      "CapacityStatus",
      "AvailableCount",
      "BaselineCount",
      "AdditionalCapacityCount24Hr",
      "AdditionalCapacityCount72Hr",
    ],
    required: [],
  },
  EMSCensus: { order: ["TriageCodeListURN", "TriageCode"], required: [] },
  TriageCode: { order: ["TriageCodeValue", "TriageCountQuantity"], required: [] },
};
const haveCodes: Record<string, string[]> = {
  EMSTrafficStatus: ["Normal", "Advisory", "Closed", "NotApplicable"],
  BedType: [
    "AdultICU",
    "PediatricICU",
    "NeonatalICU",
    "EmergencyDepartment",
    "NurseryBeds",
    "MedicalSurgical",
    "RehabLongTermCare",
    "Burn",
    "Pediatrics",
    "AdultPsychiatric",
    "PediatricPsychiatric",
    "NegativeFlowIsolation",
    "OtherIsolation",
    "OperatingRooms",
  ],
  CapacityStatus: ["Vacant/Available", "NotAvailable"],
};
const haveIntegers = new Set([
  "AvailableCount",
  "BaselineCount",
  "AdditionalCapacityCount24Hr",
  "AdditionalCapacityCount72Hr",
  "TriageCountQuantity",
]);

/** CAP 1.2 §3.2: element order and required elements of alert, info and area. */
const capSequences: Record<string, { order: string[]; required: string[] }> = {
  alert: {
    order: [
      "identifier",
      "sender",
      "sent",
      "status",
      "msgType",
      "source",
      "scope",
      "restriction",
      "addresses",
      "code",
      "note",
      "references",
      "incidents",
      "info",
    ],
    required: ["identifier", "sender", "sent", "status", "msgType", "scope"],
  },
  info: {
    order: [
      "language",
      "category",
      "event",
      "responseType",
      "urgency",
      "severity",
      "certainty",
      "audience",
      "eventCode",
      "effective",
      "onset",
      "expires",
      "senderName",
      "headline",
      "description",
      "instruction",
      "web",
      "contact",
      "parameter",
      "resource",
      "area",
    ],
    required: ["category", "event", "urgency", "severity", "certainty"],
  },
  area: {
    order: ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"],
    required: ["areaDesc"],
  },
  parameter: { order: ["valueName", "value"], required: ["valueName", "value"] },
};
const capCodeLists: Record<string, string[]> = {
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
};
/** §3.3.2: "2002-05-24T16:49:00-07:00"; no "Z", no fractions. */
const capDateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;
const capTimes = new Set(["sent", "effective", "onset", "expires"]);

const children = (e: Element) =>
  Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1);
const text = (e: Element) => (e.textContent ?? "").trim();
const child = (e: Element, name: string) => children(e).find((c) => c.localName === name);

/** Checks an element tree against sequences and code lists; returns the problems found. */
function check(
  e: Element,
  ns: string,
  sequences: Record<string, { order: string[]; required: string[] }>,
  codes: Record<string, string[]>,
  path: string,
  problems: string[],
) {
  if (e.namespaceURI !== ns) return; // other vocabularies (xNL, GML) are not checked here
  const seq = sequences[e.localName!];
  const kids = children(e);
  if (seq) {
    let last = -1;
    for (const k of kids) {
      if (k.namespaceURI !== ns) continue;
      const at = seq.order.indexOf(k.localName!);
      if (at < 0) problems.push(`${path}: unexpected ${k.localName}`);
      else if (at < last) problems.push(`${path}: ${k.localName} out of order`);
      else last = at;
    }
    for (const r of seq.required) {
      if (!kids.some((k) => k.localName === r)) problems.push(`${path}: ${r} missing`);
    }
  }
  const list = codes[e.localName!];
  if (list && !list.includes(text(e))) problems.push(`${path}: "${text(e)}" not a code`);
  for (const k of kids) check(k, ns, sequences, codes, `${path}/${k.localName}`, problems);
}

function parse(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== "warning") errors.push(msg);
    },
  }).parseFromString(xml, "text/xml");
  expect(errors).toEqual([]);
  return doc.documentElement!;
}

/** Validates a HospitalStatus document; returns its Hospital elements. */
function validateHave(xml: string): Element[] {
  const root = parse(xml);
  expect(root.namespaceURI).toBe(HAVE);
  expect(root.localName).toBe("HospitalStatus");
  const problems: string[] = [];
  check(root, HAVE, haveSequences, haveCodes, "HospitalStatus", problems);
  for (const n of Array.from(root.getElementsByTagNameNS(HAVE, "*"))) {
    if (haveIntegers.has(n.localName!) && !/^\d+$/.test(text(n))) {
      problems.push(`${n.localName}: not an integer`);
    }
    if (n.localName === "LastUpdateTime" && Number.isNaN(Date.parse(text(n)))) {
      problems.push("LastUpdateTime: not a dateTime");
    }
  }
  expect(problems).toEqual([]);
  return Array.from(root.getElementsByTagNameNS(HAVE, "Hospital"));
}

/** Validates one CAP alert element; returns its fields. */
function validateCap(alert: Element) {
  expect(alert.namespaceURI).toBe(CAP);
  expect(alert.localName).toBe("alert");
  const problems: string[] = [];
  check(alert, CAP, capSequences, capCodeLists, "alert", problems);
  for (const n of Array.from(alert.getElementsByTagNameNS(CAP, "*"))) {
    if (capTimes.has(n.localName!) && !capDateTime.test(text(n))) {
      problems.push(`${n.localName}: "${text(n)}" is not a CAP dateTime`);
    }
    if (n.localName === "circle" && !/^-?\d+(\.\d+)?,-?\d+(\.\d+)? \d+(\.\d+)?$/.test(text(n))) {
      problems.push(`circle: "${text(n)}"`);
    }
    if (["identifier", "sender"].includes(n.localName!) && /[\s,<&]/.test(text(n))) {
      problems.push(`${n.localName}: spaces, commas, < or & are not allowed`);
    }
  }
  expect(problems).toEqual([]);
  const info = child(alert, "info")!;
  return {
    identifier: text(child(alert, "identifier")!),
    sender: text(child(alert, "sender")!),
    sent: text(child(alert, "sent")!),
    msgType: text(child(alert, "msgType")!),
    references: child(alert, "references") ? text(child(alert, "references")!) : null,
    category: text(child(info, "category")!),
    severity: text(child(info, "severity")!),
    responseType: text(child(info, "responseType")!),
    circle: text(child(child(info, "area")!, "circle")!),
  };
}

dbTest(
  "EDXL-HAVE: the organisation's and one hospital's status parse and follow the spec; diversion is Closed",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "have");
    const other = await makeOrg(s, "have-other");
    const admin = bearer(org.users.admin.token);
    const code = org.hospital.code;
    await app.request(`/api/hospitals/${code}`, jsonInit("PATCH", { inpatientBeds: 300 }, admin));
    const quiet = await app.request(
      "/api/hospitals",
      jsonInit("POST", {
        id: "have-quiet",
        name: "Quiet & Small Hospital",
        lat: 33.7,
        lon: -116.3,
        edBeds: 8,
        timezone: "America/Los_Angeles",
      }, admin),
    );
    expect(quiet.status).toBe(201);
    const ts = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();
    const up = await app.request(
      "/api/observations",
      jsonInit("POST", {
        records: [{
          hospitalId: code,
          ts,
          edArrivals: 4,
          edOccupancy: 36,
          bedsAvailable: 0,
          boarders: 6,
          ventilated: 1,
          longestBoardingHours: 8,
          lastBedWaitHours: 2,
          diversion: true,
          diversionReason: "CT down",
        }],
      }, bearer(org.apiKey)),
    );
    expect(up.status).toBe(200);

    // A board polls with a read_status key; ingest keys and other organisations get nothing.
    const key = await app.request(
      "/api/api-keys",
      jsonInit("POST", { name: "regional board", scopes: ["read_status"] }, admin),
    );
    expect(key.status).toBe(201);
    const reader = bearer((await key.json()).key);
    const res = await app.request("/api/have", { headers: reader });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    const hospitals = validateHave(await res.text());
    expect(hospitals.length).toBe(2);
    const byName = (name: string) =>
      hospitals.find((h) =>
        h.getElementsByTagNameNS("urn:oasis:names:tc:ciq:xnl:3", "NameElement")[0]
          .textContent === name
      )!;
    const main = byName(org.hospital.name);
    const traffic = main.getElementsByTagNameNS(HAVE, "EMSTraffic")[0];
    expect(text(child(traffic, "EMSTrafficStatus")!)).toBe("Closed");
    expect(text(child(traffic, "EMSTrafficReason")!)).toContain("CT down");
    expect(text(main.getElementsByTagNameNS(HAVE, "TriageCountQuantity")[0])).toBe("36");
    const edBeds = main.getElementsByTagNameNS(HAVE, "Capacity")[0];
    expect(text(child(edBeds, "CapacityStatus")!)).toBe("NotAvailable");
    expect(text(child(edBeds, "BaselineCount")!)).toBe("30");
    expect(text(child(edBeds, "AdditionalCapacityCount24Hr")!)).toBe("6");
    const comments = Array.from(main.getElementsByTagNameNS(HAVE, "CommentText")).map(text);
    expect(comments).toContain(`NEDOCS 127.1 (overcrowded) at ${ts}`);
    // No data, no status: never "Normal" for a hospital nobody reported on.
    const unknown = byName("Quiet & Small Hospital").getElementsByTagNameNS(HAVE, "EMSTraffic")[0];
    expect(child(unknown, "EMSTrafficStatus")).toBeUndefined();
    expect(text(child(unknown, "EMSTrafficReason")!)).toContain("unknown");

    const one = await app.request(`/api/hospitals/${code}/have`, { headers: reader });
    expect(one.status).toBe(200);
    expect(validateHave(await one.text()).length).toBe(1);
    expect(
      (await app.request(`/api/hospitals/${other.hospital.code}/have`, { headers: reader }))
        .status,
    ).toBe(404);
    expect((await app.request("/api/have", { headers: bearer(org.apiKey) })).status).toBe(403);
    const write = await app.request(
      "/api/observations",
      jsonInit("POST", { records: [{ hospitalId: code, ts, edArrivals: 1 }] }, reader),
    );
    expect(write.status).toBe(403);
  },
);

dbTest(
  "CAP 1.2: an alert's Alert, Update and Cancel parse, follow the spec and reference the first; the Atom feed reads",
  async (s) => {
    const app = await buildTestApp(s);
    const org = await makeOrg(s, "cap");
    const admin = bearer(org.users.admin.token);
    const code = org.hospital.code;
    await app.request(`/api/hospitals/${code}`, jsonInit("PATCH", { inpatientBeds: 300 }, admin));
    const ts = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();
    const report = (boarders: number) =>
      app.request(
        "/api/observations",
        jsonInit("POST", {
          records: [{
            hospitalId: code,
            ts,
            edArrivals: 4,
            edOccupancy: 36,
            boarders,
            ventilated: 1,
            longestBoardingHours: 8,
            lastBedWaitHours: 2,
          }],
        }, bearer(org.apiKey)),
      );
    const evaluate = async () => {
      const { situation } = await buildOrgPlans(s.db, org.id, new Date());
      return await evaluateAlerts(s, situation);
    };
    const capOf = async (id: string) => {
      const res = await app.request(`/api/alerts/${id}/cap`, { headers: admin });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/cap+xml");
      return validateCap(parse(await res.text()));
    };

    expect((await report(6)).status).toBe(200);
    expect((await evaluate()).raised).toBe(1);
    const alerts = await (await app.request("/api/alerts", { headers: admin })).json();
    const id = alerts.find((a: { kind: string }) => a.kind === "nedocs").id;
    const first = await capOf(id);
    expect(first.msgType).toBe("Alert");
    expect(first.references).toBeNull();
    expect(first.category).toBe("Health");
    expect(first.severity).toBe("Severe");
    expect(first.responseType).toBe("Prepare");
    expect(first.circle).toBe(`${org.hospital.lat},${org.hospital.lon} 25`);

    // 9 boarders: 133.1, still overcrowded but changed → Update referencing the Alert.
    expect((await report(9)).status).toBe(200);
    expect((await evaluate()).updated).toBe(1);
    const update = await capOf(id);
    expect(update.msgType).toBe("Update");
    expect(update.identifier).not.toBe(first.identifier);
    expect(update.references).toBe(`${first.sender},${first.identifier},${first.sent}`);

    // The band turned off: resolved → Cancel; its references lead back to the Alert (no
    // hysteresis wait here: alertClearHours 0).
    const off = await app.request(
      "/api/settings",
      jsonInit("PATCH", { nedocsAlertBand: "off", alertClearHours: 0 }, admin),
    );
    expect(off.status).toBe(200);
    expect((await evaluate()).resolved).toBe(1);
    const cancel = await capOf(id);
    expect(cancel.msgType).toBe("Cancel");
    expect(cancel.responseType).toBe("AllClear");
    const [sender, identifier, sent] = cancel.references!.split(",");
    expect({ sender, identifier, sent }).toEqual({
      sender: first.sender,
      identifier: first.identifier,
      sent: first.sent,
    });

    // The feed, as a feed reader reads it, and each entry's CAP content as an XML parser does.
    const feedRes = await app.request("/api/alerts.cap", { headers: admin });
    expect(feedRes.status).toBe(200);
    expect(feedRes.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await feedRes.text();
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe("atom");
    const item = feed.items.find((i) => i.id === `urn:festsafe:cap:${cancel.identifier}`)!;
    expect(item.title).toContain("Resolved: ");
    expect(item.title).toContain("NEDOCS");
    const root = parse(xml);
    expect(root.namespaceURI).toBe(ATOM);
    const caps = Array.from(root.getElementsByTagNameNS(CAP, "alert"));
    expect(caps.length).toBe(feed.items.length);
    for (const c of caps) validateCap(c);
    expect((await app.request("/api/alerts/not-an-id/cap", { headers: admin })).status).toBe(404);
  },
);
