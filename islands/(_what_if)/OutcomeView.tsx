/** Presentational parts of the what-if island: readiness, census totals and plan items. */
import type { ScenarioOutcome } from "../../ml/what_if_plan.ts";
import type { RecommendationDraft } from "../../domain/plans/types.ts";
import { levelLabels } from "../../domain/readiness.ts";
import { formatHour } from "../../domain/time_format.ts";
import { TableScroll } from "../../components/TableScroll.tsx";

const rank = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Baseline and scenario side by side: readiness, census peak, hours over capacity. */
export function OutcomeTotals(
  { base, scen, beds, timeZone }: {
    base: ScenarioOutcome | null;
    scen: ScenarioOutcome | null;
    beds: number;
    timeZone: string;
  },
) {
  const peak = (o: ScenarioOutcome | null) =>
    o?.readiness.peak
      ? `${o.readiness.peak.p90} (median ${o.readiness.peak.p50}) at ${
        formatHour(o.readiness.peak.ts, timeZone)
      }`
      : "…";
  const level = (o: ScenarioOutcome | null) =>
    o ? `${o.readiness.level} — ${levelLabels[o.readiness.level]}` : "…";
  return (
    <TableScroll label="Baseline against the what-if">
      <table class="what-if-outcome" data-testid="outcome">
        <thead>
          <tr>
            <th></th>
            <th>Baseline</th>
            <th>What-if</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>Readiness</th>
            <td data-testid="baseline-level">{level(base)}</td>
            <td data-testid="scenario-level">{level(scen)}</td>
          </tr>
          <tr>
            <th>Peak patients in the ED (p90) vs {beds} beds</th>
            <td data-testid="baseline-census">{peak(base)}</td>
            <td data-testid="scenario-census">{peak(scen)}</td>
          </tr>
          <tr>
            <th>Hours over capacity (census p90 over the threshold)</th>
            <td data-testid="baseline-hours-over">{base ? base.readiness.hoursOver : "…"}</td>
            <td data-testid="scenario-hours-over">{scen ? scen.readiness.hoursOver : "…"}</td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

const keyOf = (r: RecommendationDraft) => `${r.agent}\u0000${r.key}`;

/** The scenario's plan items, marked new or changed against the baseline's. */
export function ScenarioPlan(
  { base, scen }: { base: RecommendationDraft[]; scen: RecommendationDraft[] },
) {
  const before = new Map(base.map((r) => [keyOf(r), r]));
  const gone = base.filter((r) => !scen.some((x) => keyOf(x) === keyOf(r)));
  const count = (list: RecommendationDraft[]) =>
    (["critical", "high", "medium", "low"] as const)
      .map((p) => [p, list.filter((r) => r.priority === p).length] as const)
      .filter(([, n]) => n > 0).map(([p, n]) => `${n} ${p}`).join(" · ") || "nothing to do";
  return (
    <section class="what-if-plan">
      <h2>Plan items this scenario would produce</h2>
      <p class="muted" data-testid="plan-counts">
        What-if: {count(scen)}. Baseline: {count(base)}.
      </p>
      <ul class="plan-list" data-testid="scenario-plan">
        {scen.map((r) => {
          const prior = before.get(keyOf(r));
          const change = !prior
            ? "new"
            : rank[r.priority] < rank[prior.priority]
            ? `up from ${prior.priority}`
            : rank[r.priority] > rank[prior.priority]
            ? `down from ${prior.priority}`
            : prior.title !== r.title
            ? "changed"
            : "";
          return (
            <li data-testid="scenario-item" data-agent={r.agent} data-change={change || "same"}>
              <span class={`badge badge-${r.priority}`}>{r.priority}</span>{" "}
              <strong>{r.title}</strong>
              {change && <span class="muted">{` (${change})`}</span>}
              <p class="muted">{r.action}</p>
            </li>
          );
        })}
      </ul>
      {gone.length > 0 && (
        <p class="muted" data-testid="gone-items">
          Not needed in this scenario: {gone.map((r) => r.title).join("; ")}.
        </p>
      )}
    </section>
  );
}
