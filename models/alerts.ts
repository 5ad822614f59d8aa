import type { Queryable } from "../infra/db.ts";

/** An open alert as the API shows it. */
export interface Alert {
  id: string;
  kind: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  title: string;
  message: string;
  resource: string | null;
  createdAt: Date;
  /** True for region-wide alerts (feed outages) that belong to no organisation. */
  regionWide: boolean;
}

/** Open alerts of an organisation plus the region-wide ones, most severe and newest first. */
export function listOpenAlerts(db: Queryable, orgId: string): Promise<Alert[]> {
  return db.query<Alert>(
    `SELECT id, kind, severity, title, message, resource, created_at AS "createdAt",
       org_id IS NULL AS "regionWide"
     FROM alerts WHERE resolved_at IS NULL AND (org_id = $1 OR org_id IS NULL)
     ORDER BY array_position(ARRAY['critical','high','medium','low','info'], severity),
       created_at DESC
     LIMIT 200`,
    [orgId],
  );
}

/** An alert in the API's shape (CONTRACT.md), with the organisation's own codes. */
export interface AlertRow {
  id: string;
  kind: string;
  severity: Alert["severity"];
  title: string;
  message: string;
  resource: string | null;
  alertKey: string | null;
  hospitalId: string | null;
  hospitalCode: string | null;
  eventId: string | null;
  eventCode: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  evidence: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date | null;
  resolvedAt: Date | null;
  regionWide: boolean;
  /** Since when its condition has been below the clearing level (null while it holds). */
  clearSince: Date | null;
}

const alertColumns = `a.id, a.kind, a.severity, a.title, a.message, a.resource,
  a.alert_key AS "alertKey", a.hospital_id AS "hospitalId", h.code AS "hospitalCode",
  a.event_id AS "eventId", e.code AS "eventCode", a.starts_at AS "startsAt",
  a.ends_at AS "endsAt", a.evidence, a.created_at AS "createdAt", a.updated_at AS "updatedAt",
  a.resolved_at AS "resolvedAt", a.org_id IS NULL AS "regionWide", a.clear_since AS "clearSince"`;

function alertOf(r: AlertRow): AlertRow {
  const d = (v: Date | null) => (v ? new Date(v) : null);
  return {
    ...r,
    evidence: typeof r.evidence === "string" ? JSON.parse(r.evidence) : (r.evidence ?? {}),
    startsAt: d(r.startsAt),
    endsAt: d(r.endsAt),
    createdAt: new Date(r.createdAt),
    updatedAt: d(r.updatedAt),
    resolvedAt: d(r.resolvedAt),
    clearSince: d(r.clearSince),
  };
}

/**
 * The organisation's alerts and the region-wide ones: open only, or also resolved (newest
 * first, at most `limit`). Open ones most severe first.
 */
export async function listAlerts(
  db: Queryable,
  orgId: string,
  opts: { state: "open" | "all"; limit?: number },
): Promise<AlertRow[]> {
  const rows = await db.query<AlertRow>(
    `SELECT ${alertColumns}
     FROM alerts a LEFT JOIN hospitals h ON h.id = a.hospital_id
       LEFT JOIN events e ON e.id = a.event_id
     WHERE (a.org_id = $1 OR a.org_id IS NULL) AND ($2 OR a.resolved_at IS NULL)
     ORDER BY a.resolved_at IS NOT NULL,
       array_position(ARRAY['critical','high','medium','low','info'], a.severity),
       a.created_at DESC
     LIMIT $3`,
    [orgId, opts.state === "all", opts.limit ?? 200],
  );
  return rows.map(alertOf);
}

/** One alert of the organisation by id (for webhook bodies), or null. */
export async function getAlert(db: Queryable, orgId: string, id: string) {
  const [row] = await db.query<AlertRow>(
    `SELECT ${alertColumns}
     FROM alerts a LEFT JOIN hospitals h ON h.id = a.hospital_id
       LEFT JOIN events e ON e.id = a.event_id
     WHERE a.org_id = $1 AND a.id = $2`,
    [orgId, id],
  );
  return row ? alertOf(row) : null;
}

/** Serialises alert evaluations of one organisation (refresh and plan job may overlap). */
export async function lockOrgAlerts(db: Queryable, orgId: string) {
  await db.query("SELECT pg_advisory_xact_lock(7242008, hashtext($1))", [orgId]);
}

/** Open keyed alerts of an organisation (those the evaluation owns). */
export async function openKeyedAlerts(db: Queryable, orgId: string) {
  const rows = await db.query<AlertRow>(
    `SELECT ${alertColumns}
     FROM alerts a LEFT JOIN hospitals h ON h.id = a.hospital_id
       LEFT JOIN events e ON e.id = a.event_id
     WHERE a.org_id = $1 AND a.resolved_at IS NULL AND a.alert_key IS NOT NULL`,
    [orgId],
  );
  return rows.map(alertOf);
}

export interface AlertFields {
  key: string;
  kind: string;
  severity: string;
  hospitalId: string | null;
  eventId: string | null;
  startsAt: Date;
  endsAt: Date;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
}

/** Raises a keyed alert; returns its id. */
export async function insertAlert(db: Queryable, orgId: string, f: AlertFields, at: Date) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO alerts (org_id, alert_key, kind, severity, hospital_id, event_id, starts_at,
       ends_at, title, message, evidence, resource, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13, $13)
     RETURNING id`,
    [
      orgId,
      f.key,
      f.kind,
      f.severity,
      f.hospitalId,
      f.eventId,
      f.startsAt,
      f.endsAt,
      f.title,
      f.message,
      JSON.stringify(f.evidence),
      f.hospitalId ? `hospital:${f.hospitalId}` : f.eventId ? `event:${f.eventId}` : null,
      at,
    ],
  );
  return row.id;
}

/** Updates an open alert while its condition holds. */
export async function updateAlert(db: Queryable, id: string, f: AlertFields, at: Date) {
  await db.query(
    `UPDATE alerts SET severity = $2, starts_at = $3, ends_at = $4, title = $5, message = $6,
       evidence = $7::text::jsonb, updated_at = $8
     WHERE id = $1`,
    [id, f.severity, f.startsAt, f.endsAt, f.title, f.message, JSON.stringify(f.evidence), at],
  );
}

/** Records since when an open alert's condition has been clear (null: it holds again). */
export async function setAlertClearSince(db: Queryable, id: string, since: Date | null) {
  await db.query(`UPDATE alerts SET clear_since = $2 WHERE id = $1`, [id, since]);
}

/** Resolves an alert whose condition cleared. */
export async function resolveAlert(db: Queryable, id: string, at: Date) {
  await db.query(`UPDATE alerts SET resolved_at = $2, updated_at = $2 WHERE id = $1`, [id, at]);
}

/** A feed's outage alerts opened or resolved at `at` (region-wide), newest first. */
export async function feedAlertsAt(
  db: Queryable,
  feed: string,
  at: Date,
): Promise<(AlertRow & { change: "raised" | "resolved" })[]> {
  const rows = await db.query<AlertRow & { change: "raised" | "resolved" }>(
    `SELECT ${alertColumns},
       CASE WHEN a.resolved_at = $2 THEN 'resolved' ELSE 'raised' END AS change
     FROM alerts a LEFT JOIN hospitals h ON h.id = a.hospital_id
       LEFT JOIN events e ON e.id = a.event_id
     WHERE a.org_id IS NULL AND a.kind = 'feed_down' AND a.resource = $1
       AND (a.resolved_at = $2 OR (a.resolved_at IS NULL AND a.created_at = $2))
     ORDER BY a.created_at DESC`,
    [`feed:${feed}`, at],
  );
  return rows.map((r) => ({ ...alertOf(r), change: r.change }));
}
