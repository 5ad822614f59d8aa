import type { EdStatus } from "../domain/ed_status.ts";
import { formatNedocs, nedocsBandLabel, type NedocsNow } from "../domain/nedocs.ts";
import { formatHour } from "../domain/time_format.ts";
import { DiversionBadge } from "./DiversionBadge.tsx";
import { NedocsBadge } from "./NedocsBadge.tsx";

const inputWords: Record<string, string> = {
  patientsInEd: "patients in the ED (edOccupancy)",
  edBeds: "ED beds",
  boarders: "boarders",
  inpatientBeds: "the hospital's inpatient beds",
  ventilated: "ventilated patients",
  longestBoardingHours: "longest boarding time",
  lastBedWaitHours: "last bed-placement wait",
};

/**
 * A hospital's live ED status as reported (diversion, NEDOCS now and its 72 h projection,
 * boarders, waiting room, free beds, ambulance arrivals), in the hospital's zone.
 */
export function EdStatusLine(
  { status, nedocs, missing, timeZone }: {
    status: EdStatus;
    nedocs: NedocsNow | null;
    missing: string[];
    timeZone: string;
  },
) {
  if (!status.at) return null;
  const peak = nedocs?.projection.reduce<NedocsNow["projection"][number] | null>(
    (a, b) => (!a || b.score > a.score ? b : a),
    null,
  );
  const figures = [
    status.boarders && `${status.boarders.value} boarding`,
    status.waitingRoom && `${status.waitingRoom.value} in the waiting room`,
    status.bedsAvailable && `${status.bedsAvailable.value} staffed beds free`,
    status.ambulance.hours > 0 &&
    `${status.ambulance.last24h} ambulance arrivals in the last 24 h`,
  ].filter(Boolean);
  return (
    <div class="ed-status" data-testid="ed-status">
      <p>
        Reported status {status.diversion?.value
          ? (
            <DiversionBadge
              reason={status.diversion.reason}
              since={formatHour(status.diversion.at, timeZone)}
            />
          )
          : null} {nedocs ? <NedocsBadge score={nedocs.score} band={nedocs.band} /> : null}
        {nedocs ? <span class="muted">as of {formatHour(nedocs.at, timeZone)}</span> : null}
        {figures.length ? <span>{` · ${figures.join(" · ")}`}</span> : null}
      </p>
      {peak && nedocs
        ? (
          <p class="muted" data-testid="nedocs-projection">
            NEDOCS projected up to {formatNedocs(peak.score)} ({nedocsBandLabel(peak.band)}) around
            {" "}
            {formatHour(peak.ts, timeZone)}: the census forecast as patients in the ED, boarders,
            ventilated patients and waits held at their latest reported values.
          </p>
        )
        : null}
      {!nedocs && missing.length && missing.length < 7
        ? (
          <p class="muted" data-testid="nedocs-missing">
            NEDOCS needs {missing.map((m) => inputWords[m] ?? m).join(", ")}.
          </p>
        )
        : null}
    </div>
  );
}
