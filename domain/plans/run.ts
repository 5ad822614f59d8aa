/** Runs every planning agent over one hospital's input (pure: the browser's what-if uses it). */
import { airQualityAgent } from "./air_quality.ts";
import { capacityAgent } from "./capacity.ts";
import { communicationsAgent } from "./communications.ts";
import { eventMedicalAgent } from "./event_medical.ts";
import { heatAgent } from "./heat.ts";
import { staffingAgent } from "./staffing.ts";
import { suppliesAgent } from "./supplies.ts";
import { capHigh, mergeDays } from "./consolidate.ts";
import { edStatusAgent } from "./ed_status.ts";
import { type PlanAgent, type PlanInput, priorities, type RecommendationDraft } from "./types.ts";

/** The agents that read the situation; communications then announces what they found. */
export const planAgents: PlanAgent[] = [
  capacityAgent,
  staffingAgent,
  suppliesAgent,
  heatAgent,
  airQualityAgent,
  eventMedicalAgent,
  edStatusAgent,
];

/**
 * Every agent's recommendations — one per condition (its days folded in), at most a few
 * "high" (domain/plans/consolidate.ts) — most urgent first, then by due time.
 */
export function runAgents(input: PlanInput): RecommendationDraft[] {
  const drafts = mergeDays(planAgents.flatMap((agent) => agent(input)));
  return capHigh([...drafts, ...communicationsAgent(input, drafts)]).sort((a, b) =>
    priorities.indexOf(a.priority) - priorities.indexOf(b.priority) ||
    (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity)
  );
}
