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
import { type DemoEvent, demoEvents } from "./region.ts";
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
    await db.query("UPDATE app_secrets SET value = $2 WHERE name = $1", [
      EXTENDED_TO,
      claim.from.toISOString(),
    ]).catch(() => {});
    throw err;
  }
}

async function claimWindow(
  tx: Queryable,
  now: Date,
  to: Date,
): Promise<(DemoClaim & { from: Date; added: number }) | null> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK]);
  const [state] = await tx.query<{ org: string | null; seed: string | null; ext: string | null }>(
    `SELECT (SELECT id::text FROM orgs WHERE is_demo ORDER BY created_at LIMIT 1) AS org,
       (SELECT value FROM app_secrets WHERE name = $1) AS seed,
       (SELECT value FROM app_secrets WHERE name = $2) AS ext`,
    [MARKER, EXTENDED_TO],
  );
  if (!state.org || state.seed !== "done") return null; // no demo, or a seed is under way
  const orgId = state.org;
  let from: Date;
  if (state.ext) {
    from = new Date(state.ext);
  } else {
    const [last] = await tx.query<{ ts: Date | null }>(
      "SELECT max(ts) AS ts FROM observations WHERE org_id = $1 AND source = 'demo'",
      [orgId],
    );
    if (!last.ts) return null;
    from = new Date(new Date(last.ts).getTime() + HOUR_MS);
  }
  if (from >= to) return null;
  from = new Date(Math.max(from.getTime(), to.getTime() - MAX_GAP_HOURS * HOUR_MS));
  await tx.query(
    `INSERT INTO app_secrets (name, value) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    [EXTENDED_TO, to.toISOString()],
  );
  const upcoming = demoEvents(now).filter((e) => e.startsAt > now);
  const added = await insertDemoEvents(tx, orgId, upcoming);
  for (const table of ["observations", "environment_readings"]) {
    await tx.query("SELECT fs_ensure_partitions($1, 'ts', $2, $3)", [table, from, to]);
  }
  const hospitals = await tx.query<{ code: string; id: string }>(
    "SELECT code, id FROM hospitals WHERE org_id = $1",
    [orgId],
  );
  const events = await tx.query<DemoEvent>(
    `SELECT code, name, type, lat, lon, starts_at AS "startsAt", ends_at AS "endsAt",
       expected_attendance AS "expectedAttendance", indoor, bounded, alcohol,
       free_water AS "freeWater"
     FROM events WHERE org_id = $1`,
    [orgId],
  );
  return {
    orgId,
    hospitalIds: new Map(hospitals.map((h) => [h.code, h.id])),
    events: events.map((e) => ({
      ...e,
      startsAt: new Date(e.startsAt),
      endsAt: new Date(e.endsAt),
    })),
    from,
    added,
  };
}
