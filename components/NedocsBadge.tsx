import { formatNedocs, type NedocsBand, nedocsBandLabel } from "../domain/nedocs.ts";

/** The readiness badge colour of each NEDOCS band (reuses the level badges). */
const colour: Record<NedocsBand, string> = {
  not_busy: "normal",
  busy: "normal",
  extremely_busy: "elevated",
  overcrowded: "strained",
  severely_overcrowded: "critical",
  dangerously_overcrowded: "critical",
};

/** NEDOCS score with its band in the regional boards' words (Weiss 2004). */
export function NedocsBadge({ score, band }: { score: number; band: NedocsBand }) {
  return (
    <span
      class={`badge badge-${colour[band]}`}
      data-testid="nedocs"
      data-nedocs={score}
      data-band={band}
      title="NEDOCS (Weiss 2004): −20 + 85.8×patients/ED beds + 600×boarders/inpatient beds + 13.4×ventilated + 0.93×longest boarding h + 5.64×last bed wait h"
    >
      NEDOCS {formatNedocs(score)} · {nedocsBandLabel(band)}
    </span>
  );
}
