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
