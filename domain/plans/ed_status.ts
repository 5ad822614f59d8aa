/**
 * ED status agent: what the ED itself reports — ambulance diversion, and NEDOCS at or above the
 * alert band — turned into the actions a regional board expects (DOMAIN.md: diversion means
 * ambulances go elsewhere while walk-ins are still seen). Filed under the capacity agent, whose
 * subject it is.
 */
import { formatNedocs, nedocsBandLabel, nedocsBandRank } from "../nedocs.ts";
import { nedocsSeverity } from "../nedocs_alerts.ts";
import { settingsUsed } from "../settings.ts";
import { fmtHour } from "./format.ts";
import type { PlanInput, RecommendationDraft } from "./types.ts";

export function edStatusAgent(input: PlanInput): RecommendationDraft[] {
  const h = input.hospital, tz = h.timezone, out: RecommendationDraft[] = [];
  const d = input.edStatus?.diversion;
  if (d?.value) {
    out.push({
      agent: "capacity",
      key: "ed-status:diversion",
      priority: "critical",
      title: `ED reports ambulance diversion since ${fmtHour(new Date(d.at), tz)}`,
      action: "Confirm the diversion and its expected end with the regional EMS coordinator " +
        "and the status board; keep walk-in triage staffed (walk-ins are still seen) and review " +
        "it at least hourly.",
      rationale: `The ED reported diversion for ${fmtHour(new Date(d.at), tz)}` +
        (d.reason ? ` (${d.reason})` : "") +
        ". FestSafe shows it on diversion, never open, until the ED reports otherwise.",
      evidence: { diversion: true, reportedAt: d.at, reason: d.reason },
      ownerRole: "coordinator",
      hicsRole: "Liaison Officer",
      dueAt: input.now,
    });
  }
  const n = input.nedocs, band = input.settings.nedocsAlertBand;
  if (n && band !== "off" && nedocsBandRank(n.band) >= nedocsBandRank(band)) {
    out.push({
      agent: "capacity",
      key: "ed-status:nedocs",
      priority: nedocsSeverity[n.band] === "low" ? "medium" : nedocsSeverity[n.band],
      title: `NEDOCS ${formatNedocs(n.score)}: ${nedocsBandLabel(n.band)}`,
      action: "Move boarders out of the ED (inpatient bed huddle, discharge lounge), open surge " +
        "spaces and tell the status board the ED's NEDOCS band.",
      rationale: `NEDOCS ${formatNedocs(n.score)} from the ED's report of ` +
        `${fmtHour(new Date(n.at), tz)} (Weiss 2004: −20 + 85.8 × patients ÷ ED beds + 600 × ` +
        `boarders ÷ inpatient beds + 13.4 × ventilated + 0.93 × longest boarding h + 5.64 × ` +
        `last bed wait h), at or above the alert band (${nedocsBandLabel(band)}).`,
      evidence: {
        score: n.score,
        band: n.band,
        at: n.at,
        settings: settingsUsed(input.settings, ["nedocsAlertBand"]),
      },
      ownerRole: "coordinator",
      hicsRole: "Operations Section Chief",
      dueAt: input.now,
    });
  }
  return out;
}
