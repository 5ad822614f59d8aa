/**
 * EDXL-HAVE 1.0 (OASIS Standard, 2008; namespace urn:oasis:names:tc:emergency:EDXL:HAVE:1.0):
 * a `HospitalStatus` document of an organisation's hospitals. Element names, their order and the
 * code values follow the specification's schema (edxl-have.xsd): Hospital → Organization
 * (OrganizationInformation, OrganizationGeoLocation, CommentText), EmergencyDepartmentStatus
 * (EMSTraffic, EMSCapacity, EMSCensus, EMSAmbulanceStatus, EMSAirTransportStatus, CommentText),
 * HospitalBedCapacityStatus (BedCapacity: BedType, SubCategoryBedType, Capacity, CommentText),
 * ServiceCoverageStatus, HospitalFacilityStatus, HospitalResourcesStatus, LastUpdateTime.
 * Pure: the service gathers the figures.
 */
import { create } from "xmlbuilder2";
import type { EdStatus } from "./ed_status.ts";
import { formatNedocs, nedocsBandLabel, type NedocsNow } from "./nedocs.ts";
import type { Readiness } from "./readiness.ts";

export const HAVE_NS = "urn:oasis:names:tc:emergency:EDXL:HAVE:1.0";
/** OrganizationInformation is an xPIL OrganisationDetailsType (OASIS CIQ 3.0). */
export const XPIL_NS = "urn:oasis:names:tc:ciq:xpil:3";
export const XNL_NS = "urn:oasis:names:tc:ciq:xnl:3";
/** OrganizationGeoLocation is a geo-oasis WhereType holding a GML point. */
export const GML_NS = "http://www.opengis.net/gml";

/** EMSTrafficStatus codes (HAVE 1.0 EmergencyDepartmentStatus/EMSTraffic). */
export const emsTrafficStatuses = ["Normal", "Advisory", "Closed", "NotApplicable"] as const;
export type EmsTrafficStatus = typeof emsTrafficStatuses[number];

/** What HAVE says about one hospital. */
export interface HaveHospital {
  code: string;
  name: string;
  lat: number;
  lon: number;
  edBeds: number;
  icuBeds: number;
  /** Surge beds the organisation may open within hours (settings.maxSurgeShare). */
  surgeBeds: number;
  readiness: Readiness;
  /** Readiness words for the reason ("advisory: may fill from …"). */
  readinessWords: string;
  status: EdStatus | null;
  nedocs: NedocsNow | null;
  /** When FestSafe last learned something about the hospital (report or plan). */
  lastUpdate: Date;
}

/**
 * The board status of an ED: reported diversion is Closed to ambulances; otherwise the forecast
 * readiness — open/normal is Normal, any higher level Advisory; no current data gives no status
 * at all (HAVE 1.0 has no "unknown", and stale data must never read as Normal).
 */
export function emsTraffic(h: Pick<HaveHospital, "readiness" | "status">): {
  status: EmsTrafficStatus | null;
} {
  if (h.status?.diversion?.value) return { status: "Closed" };
  if (h.readiness === "unknown") return { status: null };
  return { status: h.readiness === "normal" ? "Normal" : "Advisory" };
}

/** Free ED beds: the reported count, else staffed beds minus reported patients (≥ 0). */
export function availableEdBeds(h: Pick<HaveHospital, "edBeds" | "status">): number | null {
  const s = h.status;
  if (s?.bedsAvailable) return s.bedsAvailable.value;
  if (s?.edOccupancy) return Math.max(0, h.edBeds - s.edOccupancy.value);
  return null;
}

type Node = ReturnType<typeof create>;

function hospitalElement(parent: Node, h: HaveHospital) {
  const hospital = parent.ele(HAVE_NS, "Hospital");
  const org = hospital.ele(HAVE_NS, "Organization");
  org.ele(HAVE_NS, "OrganizationInformation")
    .ele(XNL_NS, "xnl:OrganisationName")
    .ele(XNL_NS, "xnl:NameElement").txt(h.name);
  org.ele(HAVE_NS, "OrganizationGeoLocation")
    .ele(GML_NS, "gml:Point")
    .ele(GML_NS, "gml:pos").txt(`${h.lat} ${h.lon}`);
  org.ele(HAVE_NS, "CommentText").txt(`FestSafe hospital id: ${h.code}`);

  const ed = hospital.ele(HAVE_NS, "EmergencyDepartmentStatus");
  const traffic = emsTraffic(h);
  const t = ed.ele(HAVE_NS, "EMSTraffic");
  if (traffic.status) t.ele(HAVE_NS, "EMSTrafficStatus").txt(traffic.status);
  const reason = traffic.status === "Closed"
    ? `On ambulance diversion (reported by the ED)${
      h.status?.diversion?.reason ? `: ${h.status.diversion.reason}` : ""
    }`
    : traffic.status === null
    ? "No current data: status unknown"
    : `FestSafe readiness ${h.readiness}: ${h.readinessWords}`;
  t.ele(HAVE_NS, "EMSTrafficReason").txt(reason);
  const census = h.status?.edOccupancy?.value;
  if (census !== undefined) {
    // A total without triage colours: TriageCode with its quantity only (both are optional).
    ed.ele(HAVE_NS, "EMSCensus").ele(HAVE_NS, "TriageCode")
      .ele(HAVE_NS, "TriageCountQuantity").txt(String(census));
  }
  const comments: string[] = [];
  if (h.nedocs) {
    comments.push(
      `NEDOCS ${formatNedocs(h.nedocs.score)} (${
        nedocsBandLabel(h.nedocs.band)
      }) at ${h.nedocs.at}`,
    );
  }
  if (h.status?.boarders) comments.push(`Boarders: ${h.status.boarders.value}`);
  if (h.status?.waitingRoom) comments.push(`Waiting room: ${h.status.waitingRoom.value}`);
  for (const c of comments) ed.ele(HAVE_NS, "CommentText").txt(c);

  const beds = hospital.ele(HAVE_NS, "HospitalBedCapacityStatus");
  const edCap = beds.ele(HAVE_NS, "BedCapacity");
  edCap.ele(HAVE_NS, "BedType").txt("EmergencyDepartment");
  const cap = edCap.ele(HAVE_NS, "Capacity");
  const free = availableEdBeds(h);
  if (free !== null) {
    cap.ele(HAVE_NS, "CapacityStatus").txt(free > 0 ? "Vacant/Available" : "NotAvailable");
  }
  if (free !== null) cap.ele(HAVE_NS, "AvailableCount").txt(String(free));
  cap.ele(HAVE_NS, "BaselineCount").txt(String(h.edBeds));
  cap.ele(HAVE_NS, "AdditionalCapacityCount24Hr").txt(String(h.surgeBeds));
  if (h.icuBeds > 0) {
    const icu = beds.ele(HAVE_NS, "BedCapacity");
    icu.ele(HAVE_NS, "BedType").txt("AdultICU");
    icu.ele(HAVE_NS, "Capacity").ele(HAVE_NS, "BaselineCount").txt(String(h.icuBeds));
  }
  hospital.ele(HAVE_NS, "ServiceCoverageStatus").ele(HAVE_NS, "EmergencyDepartment").txt("true");
  hospital.ele(HAVE_NS, "LastUpdateTime").txt(h.lastUpdate.toISOString());
}

/** The HospitalStatus document (UTF-8 XML) for hospitals; HAVE needs at least one. */
export function haveDocument(hospitals: HaveHospital[]): string {
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const root = doc.ele(HAVE_NS, "HospitalStatus")
    .att("http://www.w3.org/2000/xmlns/", "xmlns:xnl", XNL_NS)
    .att("http://www.w3.org/2000/xmlns/", "xmlns:xpil", XPIL_NS)
    .att("http://www.w3.org/2000/xmlns/", "xmlns:gml", GML_NS);
  for (const h of hospitals) hospitalElement(root, h);
  return doc.end({ prettyPrint: true });
}
