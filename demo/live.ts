/**
 * Keeps the demo region alive: the seed writes a year of history ending at the hour it ran, and
 * this extends the simulated history (arrivals and environment) up to the current hour, so that
 * readiness, forecasts and charts stay current when the app is restarted days later. It also
 * adds the demo's annual events for the coming months. Run at start and by the hourly `demo` job.
 *
 * Safe with several instances: a transaction under the seed's advisory lock moves the marker
 * `demo_extended_to` forward before the COPYs, so a second instance finds nothing to do; if the
 * load fails the marker is moved back so that the next run retries the same window.
 */
import type { Db, Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import { getSecret, putSecret, updateSecret } from "../models/app_secrets.ts";
import { listEvents } from "../models/events.ts";
import { listHospitals } from "../models/hospitals.ts";
import { lockForTransaction } from "../models/locks.ts";
import { latestObservationTs } from "../models/observations.ts";
import { findDemoOrgId } from "../models/orgs.ts";
import { ensurePartitions } from "../models/partitions.ts";
import { demoEvents } from "./region.ts";
import { type DemoClaim, insertDemoEvents, loadDemoHistory, MARKER, SEED_LOCK } from "./seed.ts";

const HOUR_MS = 3_600_000;
const EXTENDED_TO = "demo_extended_to";
/** Longer outages are not back-filled beyond a year, like the seed itself. */
const MAX_GAP_HOURS = 365 * 24;

export interface DemoExtension {
  orgId: string;
  from: Date;
  to: Date;
  observations: number;
  environment: number;
  events: number;
}

/** Extends the demo history to the hour of `now`; null when there is nothing to do. */
export async function extendDemo(db: Db, now = new Date()): Promise<DemoExtension | null> {
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const claim = await db.transaction((tx) => claimWindow(tx, now, to));
  if (!claim) return null;
  try {
    const counts = await loadDemoHistory(db, claim, claim.from, to, () => Promise.resolve());
    log.info("demo history extended", { from: claim.from.toISOString(), to: to.toISOString() });
    return { orgId: claim.orgId, from: claim.from, to, ...counts, events: claim.added };
  } catch (err) {
    await updateSecret(db, EXTENDED_TO, claim.from.toISOString()).catch(() => {});
    throw err;
  }
}

async function claimWindow(
  tx: Queryable,
  now: Date,
  to: Date,
): Promise<(DemoClaim & { from: Date; added: number }) | null> {
  await lockForTransaction(tx, SEED_LOCK);
  const orgId = await findDemoOrgId(tx);
  // No demo, or a seed is under way.
  if (!orgId || await getSecret(tx, MARKER) !== "done") return null;
  const extendedTo = await getSecret(tx, EXTENDED_TO);
  let from: Date;
  if (extendedTo) {
    from = new Date(extendedTo);
  } else {
    const last = await latestObservationTs(tx, orgId, "demo");
    if (!last) return null;
    from = new Date(last.getTime() + HOUR_MS);
  }
  if (from >= to) return null;
  from = new Date(Math.max(from.getTime(), to.getTime() - MAX_GAP_HOURS * HOUR_MS));
  await putSecret(tx, EXTENDED_TO, to.toISOString());
  const upcoming = demoEvents(now).filter((e) => e.startsAt > now);
  const added = await insertDemoEvents(tx, orgId, upcoming);
  for (const table of ["observations", "environment_readings"] as const) {
    await ensurePartitions(tx, table, from, to);
  }
  const hospitals = await listHospitals(tx, orgId);
  const events = await listEvents(tx, orgId);
  return {
    orgId,
    hospitalIds: new Map(hospitals.map((h) => [h.code, h.id])),
    events: events.map(({ id: _id, ...e }) => ({
      ...e,
      startsAt: new Date(e.startsAt),
      endsAt: new Date(e.endsAt),
    })),
    from,
    added,
  };
}
