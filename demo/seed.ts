/**
 * Seeds the Coachella Valley demo region once: organisation, hospitals, events, and a simulated
 * hourly history of ED observations and environment readings.
 *
 * Idempotent and safe with several instances: a transaction under an advisory lock claims the
 * seed (org, hospitals, events and an `app_secrets` marker 'demo_seed' = 'pending:<epoch ms>'),
 * the bulk COPYs run after it commits (Db.copyIn is not transactional), and the marker becomes
 * 'done' at the end. The pending marker is refreshed after every chunk; a seed whose marker has
 * not moved for STALE_AFTER_MINUTES is taken as crashed, its rows are deleted and it is redone.
 */
import { csvField, type Db, type Queryable } from "../infra/db.ts";
import { log } from "../infra/log.ts";
import { insertEvent } from "../models/events.ts";
import { insertHospital } from "../models/hospitals.ts";
import { deleteOrgContent, findDemoOrgId, insertDemoOrg } from "../models/orgs.ts";
import { lockForTransaction } from "../models/locks.ts";
import {
  deleteSecret,
  insertSecretIfAbsent,
  readMarker,
  touchPendingMarker,
  updateSecret,
} from "../models/app_secrets.ts";
import { copyObservations } from "../models/observation_ingest.ts";
import { copyReadings, deleteReadingsOfSource } from "../models/environment_store.ts";
import { analyzeTables, ensurePartitions } from "../models/partitions.ts";
import { overallUsAqi, ozoneUgm3ToPpb } from "../domain/aqi.ts";
import { computeHeatIndexC } from "../domain/heat_index.ts";
import { gridCell } from "../domain/grid.ts";
import { DEMO_HOSPITALS, DEMO_ORG_NAME, type DemoEvent, demoEvents } from "./region.ts";
import { type EnvironmentHour, simulateArrivals, simulateEnvironment } from "./simulator.ts";

/** Arbitrary constant shared by every FestSafe instance (migrations use 7242001). */
export const SEED_LOCK = 7_242_002;
export const MARKER = "demo_seed";
const STALE_AFTER_MINUTES = 5;
/** Fixed so that every fresh demo database shows the same history. */
const SIM_SEED = 20_240_412;
const HOUR_MS = 3_600_000;

export interface SeedResult {
  seeded: boolean;
  hospitals: number;
  events: number;
  observations: number;
  environment: number;
}

/** What a load needs: the demo org, its hospitals by code, and its events. */
export interface DemoClaim {
  orgId: string;
  hospitalIds: Map<string, string>;
  events: DemoEvent[];
}

/** Seeds the demo region unless it is already there; `days` of history end at now's hour. */
export async function seedDemo(
  db: Db,
  opts: { now?: Date; days?: number } = {},
): Promise<SeedResult> {
  const now = opts.now ?? new Date();
  const days = opts.days ?? 365;
  if (!Number.isInteger(days) || days < 1) throw new RangeError("days must be a positive integer");
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const from = new Date(to.getTime() - days * 24 * HOUR_MS);

  const claim = await db.transaction((tx) => claimSeed(tx, now, from, to));
  if (!claim) return { seeded: false, hospitals: 0, events: 0, observations: 0, environment: 0 };

  const started = performance.now();
  try {
    const counts = await loadDemoHistory(db, claim, from, to);
    await updateSecret(db, MARKER, "done");
    // Fresh statistics, so the planner uses the indexes on the newly loaded partitions.
    await analyzeTables(db, ["observations", "environment_readings"]);
    log.info("demo region seeded", {
      hospitals: claim.hospitalIds.size,
      events: claim.events.length,
      ...counts,
      ms: Math.round(performance.now() - started),
    });
    return {
      seeded: true,
      hospitals: claim.hospitalIds.size,
      events: claim.events.length,
      ...counts,
    };
  } catch (err) {
    // Let the next call redo the seed at once instead of waiting for the marker to go stale.
    await updateSecret(db, MARKER, "pending:0").catch(() => {});
    throw err;
  }
}

/** In one transaction: decides whether to seed and, if so, writes the org, hospitals, events. */
async function claimSeed(
  tx: Queryable,
  now: Date,
  from: Date,
  to: Date,
): Promise<DemoClaim | null> {
  await lockForTransaction(tx, SEED_LOCK);
  const org = await findDemoOrgId(tx);
  const marker = await readMarker(tx, MARKER, STALE_AFTER_MINUTES);
  let orgId: string;
  if (org) {
    // Done, created by other means (no marker), or another instance is seeding right now.
    if (!marker || !marker.stale) return null;
    orgId = org;
    log.warn("demo seed was interrupted; redoing it", { orgId });
    await deleteDemoRows(tx, orgId);
  } else {
    orgId = await insertDemoOrg(tx, DEMO_ORG_NAME);
  }
  await insertSecretIfAbsent(tx, MARKER, "pending:0");
  await heartbeat(tx);

  const hospitalIds = new Map<string, string>();
  for (const h of DEMO_HOSPITALS) {
    const row = await insertHospital(tx, orgId, h);
    if (!row) throw new Error(`demo hospital ${h.code} already exists`);
    hospitalIds.set(h.code, row.id);
  }
  const events = demoEvents(now);
  await insertDemoEvents(tx, orgId, events);
  for (const table of ["observations", "environment_readings"] as const) {
    await ensurePartitions(tx, table, from, to);
  }
  return { orgId, hospitalIds, events };
}

/** Inserts demo events that are not there yet (by code); returns how many were new. */
export async function insertDemoEvents(
  tx: Queryable,
  orgId: string,
  events: readonly DemoEvent[],
): Promise<number> {
  let added = 0;
  for (const e of events) {
    if (await insertEvent(tx, orgId, e)) added++;
  }
  return added;
}

/** Removes everything a half-finished seed may have written (the org row itself is kept). */
async function deleteDemoRows(tx: Queryable, orgId: string) {
  await deleteOrgContent(tx, orgId);
  await deleteReadingsOfSource(tx, "demo");
  await deleteSecret(tx, "demo_extended_to");
}

function heartbeat(q: Queryable) {
  return touchPendingMarker(q, MARKER);
}

interface Location {
  key: string;
  lat: number;
  lon: number;
  elevationM: number;
}

/** The grid cells of the hospitals and events, each once. */
export function demoLocations(events: readonly DemoEvent[]): Location[] {
  const cells = new Map<string, Location>();
  const add = (lat: number, lon: number, elevationM: number) => {
    const cell = gridCell(lat, lon);
    if (!cells.has(cell.key)) cells.set(cell.key, { ...cell, elevationM });
  };
  for (const h of DEMO_HOSPITALS) add(h.lat, h.lon, h.elevationM);
  for (const e of events) add(e.lat, e.lon, 100);
  return [...cells.values()];
}

/**
 * Simulates [from, to) and COPYs it month by month; returns the row counts. `afterChunk` runs
 * after each month (the seed refreshes its pending marker there).
 */
export async function loadDemoHistory(
  db: Db,
  claim: DemoClaim,
  from: Date,
  to: Date,
  afterChunk: (db: Db) => Promise<unknown> = heartbeat,
) {
  const locations = demoLocations(claim.events);
  // 24 h more environment so that the first hours have trailing means for AQI and heat effects.
  const envFrom = new Date(from.getTime() - 24 * HOUR_MS);
  const environment = simulateEnvironment(locations, envFrom, to, SIM_SEED);
  const byHospital = new Map(
    DEMO_HOSPITALS.map((h) => [h.code, environment.get(gridCell(h.lat, h.lon).key)!]),
  );
  const arrivals = simulateArrivals(DEMO_HOSPITALS, claim.events, byHospital, from, to, SIM_SEED);
  const derived = new Map(locations.map((l) => [l.key, deriveMetrics(environment.get(l.key)!)]));

  let observations = 0;
  let readings = 0;
  const hours = (to.getTime() - from.getTime()) / HOUR_MS;
  for (let start = 0; start < hours;) {
    const t = new Date(from.getTime() + start * HOUR_MS);
    const monthEnd = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1);
    const end = Math.min(hours, (monthEnd - from.getTime()) / HOUR_MS);

    // Lines in observationCopyColumns order, then readingCopyColumns order below.
    let obsCsv = "";
    for (const h of DEMO_HOSPITALS) {
      const prefix = `${claim.orgId},${claim.hospitalIds.get(h.code)},`;
      for (const r of arrivals.get(h.code)!.slice(start, end)) {
        obsCsv += `${prefix}${r.ts.toISOString()},${r.edArrivals},${r.ambulanceArrivals},` +
          `${r.edOccupancy},${r.bedsAvailable},demo\n`;
        observations++;
      }
    }
    await copyObservations(db, obsCsv);

    const lines: string[] = [];
    for (const loc of locations) {
      const prefix = `demo,${csvField(loc.key)},${loc.lat},${loc.lon},`;
      const rows = environment.get(loc.key)!;
      const metrics = derived.get(loc.key)!;
      for (let i = start + 24; i < end + 24; i++) {
        const r = rows[i];
        const ts = prefix + r.ts.toISOString();
        lines.push(
          `${ts},temperature_c,${round1(r.temperatureC)},`,
          `${ts},relative_humidity,${round1(r.relativeHumidity)},`,
          `${ts},heat_index_c,${round1(metrics.heatIndexC[i])},nws_heat_index`,
          `${ts},pm25,${round1(r.pm25)},`,
          `${ts},pm10,${round1(r.pm10)},`,
          `${ts},ozone,${round1(r.ozone)},`,
          `${ts},aqi,${metrics.aqi[i]},epa_aqi_2024`,
        );
      }
    }
    readings += lines.length;
    await copyReadings(db, lines.join("\n") + "\n");
    await afterChunk(db);
    start = end;
  }
  return { observations, environment: readings };
}

/** Heat index per hour, and AQI from trailing 24 h PM means and the 8 h ozone mean. */
function deriveMetrics(rows: readonly EnvironmentHour[]) {
  const heatIndexC = rows.map((r) => computeHeatIndexC(r.temperatureC, r.relativeHumidity));
  const aqi = rows.map((_, i) => {
    const mean = (pick: (r: EnvironmentHour) => number, n: number) => {
      const window = rows.slice(Math.max(0, i - n + 1), i + 1);
      return window.reduce((s, r) => s + pick(r), 0) / window.length;
    };
    return overallUsAqi({
      pm25: mean((r) => r.pm25, 24),
      pm10: mean((r) => r.pm10, 24),
      ozonePpb8h: ozoneUgm3ToPpb(mean((r) => r.ozone, 8)),
    });
  });
  return { heatIndexC, aqi };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
