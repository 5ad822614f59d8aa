/**
 * The `nedocs` alert: a hospital whose NEDOCS (from its reported inputs, now or over the census
 * projection) reaches the organisation's alert band (settings.nedocsAlertBand, default
 * overcrowded; Weiss 2004, DOMAIN.md). Pure.
 */
import type { Priority } from "./plans/types.ts";
import {
  formatNedocs,
  type NedocsBand,
  nedocsBandLabel,
  nedocsBandRank,
  type NedocsNow,
} from "./nedocs.ts";
import type { OrgSettings } from "./settings.ts";
import { formatTime } from "./time_format.ts";

/** Severity per band: the two worst bands are critical, as the capacity alert's "beyond surge". */
export const nedocsSeverity: Record<NedocsBand, Priority> = {
  not_busy: "low",
  busy: "low",
  extremely_busy: "medium",
  overcrowded: "high",
  severely_overcrowded: "critical",
  dangerously_overcrowded: "critical",
};

export interface NedocsAlertCandidate {
  key: string;
  kind: "nedocs";
  severity: Priority;
  hospitalId: string;
  eventId: null;
  startsAt: Date;
  endsAt: Date;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
}

const HOUR = 3_600_000;

/** One candidate per hospital whose NEDOCS now or projected reaches the band. */
export function nedocsAlertCandidates(sit: {
  settings: Pick<OrgSettings, "nedocsAlertBand">;
  hospitals: {
    hospital: { id: string; name: string; timezone: string };
    nedocs?: NedocsNow | null;
  }[];
}): NedocsAlertCandidate[] {
  const band = sit.settings.nedocsAlertBand;
  if (band === "off") return [];
  const out: NedocsAlertCandidate[] = [];
  for (const { hospital: h, nedocs: n } of sit.hospitals) {
    if (!n) continue;
    const hours = [{ ts: n.at, score: n.score, band: n.band }, ...n.projection];
    const over = hours.filter((p) => nedocsBandRank(p.band) >= nedocsBandRank(band));
    if (!over.length) continue;
    const worst = over.reduce((a, b) => (b.score > a.score ? b : a));
    const now = nedocsBandRank(n.band) >= nedocsBandRank(band);
    const tz = h.timezone;
    out.push({
      key: `nedocs:hospital:${h.id}`,
      kind: "nedocs",
      severity: nedocsSeverity[worst.band],
      hospitalId: h.id,
      eventId: null,
      startsAt: new Date(over[0].ts),
      endsAt: new Date(new Date(over[over.length - 1].ts).getTime() + HOUR),
      title: `${h.name}: NEDOCS ${formatNedocs(worst.score)}, ${nedocsBandLabel(worst.band)}`,
      message: (now
        ? `NEDOCS ${formatNedocs(n.score)} (${nedocsBandLabel(n.band)}) from the ED's report ` +
          `of ${formatTime(n.at, tz)}`
        : `NEDOCS projected to reach ${nedocsBandLabel(band)} at ${formatTime(over[0].ts, tz)}`) +
        `; up to ${formatNedocs(worst.score)} at ${formatTime(worst.ts, tz)} (census forecast ` +
        `as patients in the ED, boarders, ventilated patients and waits held at their latest ` +
        `reported values).`,
      evidence: {
        score: n.score,
        band: n.band,
        at: n.at,
        peakScore: worst.score,
        peakBand: worst.band,
        peakAt: worst.ts,
        hoursAtOrAbove: over.length,
        settings: { nedocsAlertBand: band },
      },
    });
  }
  return out;
}
