/**
 * Fewer, clearer items (issue 16): a heat wave used to give 16 items per hospital, 15 of them
 * "high" — one per agent, condition and day — and the same public air-quality message once per
 * hospital of a city. Here, after the agents ran: one item per hospital and condition (the days
 * folded into it, the most severe leading), at most MAX_HIGH_ITEMS "high" items per hospital
 * (the others grouped as "medium", saying so), and organisation-wide items (public messages)
 * kept once per organisation. Pure.
 */
import type { Priority, RecommendationDraft } from "./types.ts";

/** At most this many "high" items per hospital ("a few": what a charge nurse acts on at once). */
export const MAX_HIGH_ITEMS = 3;

const order: Priority[] = ["critical", "high", "medium", "low"];
const rank = (p: Priority) => order.indexOf(p);
const dayKey = /:(\d{4}-\d{2}-\d{2})$/;
const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: "UTC" });

/** "Fri" for "2026-07-10" (a local day key). */
const dayLabel = (day: string) => weekday.format(new Date(`${day}T12:00:00Z`));

/** The condition an item is about: its key without the local day. */
export const conditionKey = (key: string) => key.replace(dayKey, "");

/** One item per condition: the most severe day leads, the others are named in it. */
export function mergeDays(drafts: RecommendationDraft[]): RecommendationDraft[] {
  const groups = new Map<string, RecommendationDraft[]>();
  for (const d of drafts) {
    const k = conditionKey(d.key);
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  return [...groups].map(([key, list]) => {
    if (list.length === 1) return { ...list[0], key };
    const lead = list.reduce((a, b) => (rank(b.priority) < rank(a.priority) ? b : a));
    const days = list.map((d) => ({
      day: dayKey.exec(d.key)?.[1] ?? null,
      priority: d.priority,
      title: d.title,
      evidence: d.evidence,
    }));
    const labels = days.map((d) => (d.day ? dayLabel(d.day) : "")).filter(Boolean);
    const others = list.filter((d) => d !== lead).map((d) => {
      const day = dayKey.exec(d.key)?.[1];
      return `${day ? `${dayLabel(day)}: ` : ""}${d.title}`;
    });
    const due = list.map((d) => d.dueAt?.getTime() ?? Infinity);
    return {
      ...lead,
      key,
      title: `${lead.title} (${labels.join(", ")})`,
      action: `${lead.action} Other days — ${others.join("; ")}.`,
      evidence: { ...lead.evidence, days },
      dueAt: Number.isFinite(Math.min(...due)) ? new Date(Math.min(...due)) : lead.dueAt,
    };
  });
}

/**
 * Which "high" items give way first beyond MAX_HIGH_ITEMS: announcements before the items they
 * announce, supplies before people. Capacity, its announcement and staffing never do (they
 * state the readiness level, and the board must agree with them); critical items never do.
 */
const yieldOrder: Record<string, number> = {
  communications: 0,
  supplies: 1,
  air_quality: 2,
  heat: 3,
  event_medical: 4,
};

/** At most MAX_HIGH_ITEMS "high" items; the rest grouped as "medium", saying why. */
export function capHigh(drafts: RecommendationDraft[]): RecommendationDraft[] {
  const high = drafts.filter((d) => d.priority === "high");
  if (high.length <= MAX_HIGH_ITEMS) return drafts;
  // The announcement of the capacity level says what the board says: it never gives way.
  const movable = high.filter((d) =>
    d.agent in yieldOrder && !d.key.startsWith("communications:capacity")
  )
    .sort((a, b) =>
      yieldOrder[a.agent] - yieldOrder[b.agent] ||
      (b.dueAt?.getTime() ?? Infinity) - (a.dueAt?.getTime() ?? Infinity)
    );
  const lower = new Set(movable.slice(0, high.length - MAX_HIGH_ITEMS));
  const kept = high.filter((d) => !lower.has(d)).map((d) => d.title);
  return drafts.map((d) =>
    lower.has(d)
      ? {
        ...d,
        priority: "medium" as Priority,
        rationale: `${d.rationale} Grouped with the follow-up items: this hospital's plan ` +
          `already has ${MAX_HIGH_ITEMS} high items first (${kept.join("; ")}).`,
        evidence: { ...d.evidence, grouped: true, priorityBeforeGrouping: "high" },
      }
      : d
  );
}

/** One hospital's items after the agents: per condition, then capped. */
export function consolidate(drafts: RecommendationDraft[]): RecommendationDraft[] {
  return capHigh(mergeDays(drafts));
}

/**
 * Organisation-wide items (evidence.orgWide: public messages) kept once per organisation: in
 * the plan of the hospital where the condition is most severe (the first on ties), naming every
 * hospital it covers; dropped from the other plans.
 */
export function onceForOrganisation<T extends { hospital: { name: string } }>(
  plans: (T & { drafts: RecommendationDraft[] })[],
): (T & { drafts: RecommendationDraft[] })[] {
  const holders = new Map<string, { plan: number; draft: RecommendationDraft; names: string[] }>();
  plans.forEach((p, i) => {
    for (const d of p.drafts) {
      if (!d.evidence.orgWide) continue;
      const held = holders.get(d.key);
      if (!held) holders.set(d.key, { plan: i, draft: d, names: [p.hospital.name] });
      else {
        held.names.push(p.hospital.name);
        if (rank(d.priority) < rank(held.draft.priority)) [held.plan, held.draft] = [i, d];
      }
    }
  });
  return plans.map((p, i) => ({
    ...p,
    drafts: p.drafts.flatMap((d) => {
      const held = d.evidence.orgWide ? holders.get(d.key) : undefined;
      if (!held) return [d];
      if (held.plan !== i || held.draft !== d) return [];
      return [{
        ...d,
        title: held.names.length > 1
          ? `${d.title} — once for ${held.names.length} hospitals`
          : d.title,
        evidence: { ...d.evidence, hospitals: held.names },
      }];
    }),
  }));
}
