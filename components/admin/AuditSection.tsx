import type { VerifyResult } from "../../services/audit.ts";
import { formatDateTime } from "../../domain/time_format.ts";
import { TableScroll } from "../TableScroll.tsx";

export interface AuditLine {
  id: number;
  at: Date;
  actor: string;
  action: string;
  resource: string;
  resourceId: string | null;
  outcome: string;
}

/** The newest audit entries and the hash chain's state. */
export function AuditSection(
  { entries, verify, timeZone }: { entries: AuditLine[]; verify: VerifyResult; timeZone: string },
) {
  return (
    <section id="audit">
      <h2>Audit log</h2>
      <p role="status">
        {verify.ok
          ? `Hash chain intact (${verify.checked} entries checked).`
          : `Hash chain BROKEN at entry ${verify.firstBadId} — the log was altered outside FestSafe.`}
      </p>
      <TableScroll label="Audit log">
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Resource</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at, timeZone)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>
                  {e.resource}
                  {e.resourceId ? ` ${e.resourceId}` : ""}
                </td>
                <td>{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
