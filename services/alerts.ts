/**
 * Alerts that follow conditions: after each plan build the organisation's situation is turned
 * into candidates (domain/alerts.ts), and each keyed alert is raised once, updated while its
 * condition holds and changes, and resolved when it clears — never by a read. Every change is
 * queued for the organisation's webhooks in the same transaction and published live (`alert`).
 */
import type { Db } from "../infra/db.ts";
import type { Cache } from "../infra/cache.ts";
import { publishLive } from "../infra/live.ts";
import {
  type AlertFields,
  type AlertRow,
  getAlert,
  insertAlert,
  lockOrgAlerts,
  openKeyedAlerts,
  resolveAlert,
  setAlertClearSince,
  updateAlert,
} from "../models/alerts.ts";
import { type AlertCandidate, alertCandidates, unknownSubjects } from "../domain/alerts.ts";
import type { OrgSituation } from "./situation.ts";
import { kickDeliveries, queueAlertChange } from "./webhooks.ts";

/** An alert in the API's shape (CONTRACT.md GET /api/alerts). */
export function alertJson(a: AlertRow) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: a.id,
    kind: a.kind === "feed_down" ? "feed" : a.kind,
    severity: a.severity,
    hospitalId: a.hospitalCode,
    eventId: a.eventCode,
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    title: a.title,
    message: a.message,
    evidence: a.evidence,
    raisedAt: a.createdAt.toISOString(),
    updatedAt: iso(a.updatedAt),
    resolvedAt: iso(a.resolvedAt),
    resource: a.resource,
    createdAt: a.createdAt.toISOString(),
    regionWide: a.regionWide,
  };
}

const fields = (c: AlertCandidate): AlertFields => ({ ...c });

/** JSON with object keys sorted (jsonb gives keys back in its own order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${
      Object.keys(v).sort().map((k) =>
        `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`
      ).join(",")
    }}`;
  }
  return JSON.stringify(v ?? null);
}

/** What a change must show: severity, window or figures moved (not the wording of times). */
function differs(a: AlertRow, c: AlertCandidate): boolean {
  return a.severity !== c.severity ||
    a.startsAt?.getTime() !== c.startsAt.getTime() ||
    a.endsAt?.getTime() !== c.endsAt.getTime() ||
    canonical(a.evidence) !== canonical(c.evidence);
}

export interface AlertChanges {
  raised: number;
  updated: number;
  resolved: number;
}

/** Raises, updates and resolves the organisation's alerts for a situation. */
export async function evaluateAlerts(
  deps: { db: Db; cache: Cache },
  sit: OrgSituation,
): Promise<AlertChanges> {
  const now = sit.now;
  const unknown = unknownSubjects(sit);
  const changes: { id: string; change: "raised" | "updated" | "resolved"; kind: string }[] = [];
  const clearMs = sit.settings.alertClearHours * 3_600_000;
  await deps.db.transaction(async (tx) => {
    await lockOrgAlerts(tx, sit.orgId);
    const open = new Map((await openKeyedAlerts(tx, sit.orgId)).map((a) => [a.alertKey!, a]));
    // Open alerts are judged at their clearing level (domain/alerts.ts alertLevel).
    const candidates = alertCandidates({ ...sit, open: new Set(open.keys()) });
    for (const c of candidates) {
      const prior = open.get(c.key);
      open.delete(c.key);
      if (prior?.clearSince) await setAlertClearSince(tx, prior.id, null);
      if (!prior) {
        changes.push({
          id: await insertAlert(tx, sit.orgId, fields(c), now),
          change: "raised",
          kind: c.kind,
        });
      } else if (differs(prior, c)) {
        await updateAlert(tx, prior.id, fields(c), now);
        changes.push({ id: prior.id, change: "updated", kind: c.kind });
      }
    }
    for (const [key, a] of open) {
      if (unknown.has(key)) continue;
      // Hysteresis: resolved only after its condition stayed clear for alertClearHours (data
      // that resumed is a fact, not a reading near a threshold: resolved at once).
      const holding = a.kind !== "data" && clearMs > 0 &&
        (!a.clearSince || now.getTime() - a.clearSince.getTime() < clearMs);
      if (holding) {
        if (!a.clearSince) await setAlertClearSince(tx, a.id, now);
        continue;
      }
      await resolveAlert(tx, a.id, now);
      changes.push({ id: a.id, change: "resolved", kind: a.kind });
    }
    for (const ch of changes) {
      const row = await getAlert(tx, sit.orgId, ch.id);
      if (!row) continue;
      await queueAlertChange(tx, sit.orgId, {
        kind: ch.kind,
        alertId: ch.id,
        change: ch.change,
        alert: alertJson(row),
        at: now,
      });
    }
  });
  for (const ch of changes) {
    await publishLive(deps.cache, "alert", sit.orgId, {
      id: ch.id,
      kind: ch.kind,
      change: ch.change,
    });
  }
  if (changes.length) kickDeliveries();
  return {
    raised: changes.filter((c) => c.change === "raised").length,
    updated: changes.filter((c) => c.change === "updated").length,
    resolved: changes.filter((c) => c.change === "resolved").length,
  };
}
