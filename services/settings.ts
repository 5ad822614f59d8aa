/**
 * Organisation settings: read by everyone (agents, census, alerts, pages), changed by admins.
 * A change is audited and asks for the organisation's forecasts and plans to be rebuilt in the
 * same transaction, so plans never keep using the old figures.
 */
import type { Queryable } from "../infra/db.ts";
import {
  DEFAULT_SETTINGS,
  effectiveSettings,
  type OrgSettings,
  SETTING_DOCS,
} from "../domain/settings.ts";
import {
  lockStoredSettings,
  readStoredSettings,
  readStoredSettingsOf,
  writeStoredSettings,
} from "../models/settings.ts";
import { listHospitals } from "../models/hospitals.ts";
import { auditChange } from "./audit.ts";
import type { Actor, Deps } from "./actor.ts";
import { changed } from "./changes.ts";
import { requestRefresh } from "./refresh.ts";

/** The organisation's effective settings (defaults where it set nothing). */
export async function orgSettings(db: Queryable, orgId: string): Promise<OrgSettings> {
  return effectiveSettings((await readStoredSettings(db, orgId)).settings);
}

/**
 * The zone of organisation-wide pages: the one set in the settings, else the zone most of the
 * organisation's hospitals use, else UTC.
 */
export async function orgTimezone(db: Queryable, orgId: string): Promise<string> {
  return await zoneOf(db, orgId, (await readStoredSettings(db, orgId)).settings);
}

async function zoneOf(db: Queryable, orgId: string, stored: Record<string, unknown>) {
  if (typeof stored.timezone === "string") return stored.timezone;
  const zones = (await listHospitals(db, orgId)).map((h) => h.timezone);
  const counts = new Map<string, number>();
  for (const z of zones) counts.set(z, (counts.get(z) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? DEFAULT_SETTINGS.timezone;
}

/** Effective settings of several organisations (jobs). */
export async function orgSettingsOf(db: Queryable, orgIds: string[]) {
  const stored = await readStoredSettingsOf(db, orgIds);
  return new Map(orgIds.map((id) => [id, effectiveSettings(stored.get(id) ?? null)]));
}

/**
 * The API's answer: values, defaults, sources and which fields the organisation set. `timezone`
 * is the zone its pages really use (when unset, its hospitals' most common one): showing the
 * plain default "UTC" there made the /admin form save UTC over it unchanged (issue 22).
 */
export async function settingsView(db: Queryable, orgId: string) {
  const stored = await readStoredSettings(db, orgId);
  return {
    ...effectiveSettings(stored.settings),
    timezone: await zoneOf(db, orgId, stored.settings),
    defaults: DEFAULT_SETTINGS,
    sources: Object.fromEntries(Object.entries(SETTING_DOCS).map(([k, d]) => [k, d.source])),
    changed: Object.keys(DEFAULT_SETTINGS).filter((k) =>
      stored.settings[k] !== undefined && stored.settings[k] !== null
    ),
    updatedAt: stored.updatedAt?.toISOString() ?? null,
  };
}

/** Applies a patch (null resets a field to its default); audited; plans are rebuilt. */
export async function changeSettings(
  deps: Deps,
  who: Actor & { orgId: string },
  patch: Partial<Record<keyof OrgSettings, unknown>>,
) {
  await deps.db.transaction(async (tx) => {
    await lockStoredSettings(tx, who.orgId);
    const { settings } = await readStoredSettings(tx, who.orgId);
    const next: Record<string, unknown> = { ...settings };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (v === null) delete next[k];
      else next[k] = v;
    }
    await writeStoredSettings(tx, who.orgId, next, who.actorId);
    await auditChange(tx, who, "update", "settings", who.orgId);
    await requestRefresh(tx, who.orgId, "settings");
  });
  await changed(deps.cache, who.orgId, { type: "plan", data: { reason: "settings" } });
  return await settingsView(deps.db, who.orgId);
}
