import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { admins } from "../../lib/access.ts";
import { orgOf } from "../../lib/caller.ts";
import { orgTimeZone } from "../../lib/page_data.ts";
import { listAudit, verifyAudit, type VerifyResult } from "../../services/audit.ts";
import { type AuditLine, AuditSection } from "../../components/admin/AuditSection.tsx";

interface Data {
  entries: AuditLine[];
  verify: VerifyResult;
  timeZone: string;
}

export const config = define.config({ access: admins, audit: { resource: "audit" } });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    const orgId = orgOf(ctx.state);
    const [entries, verify, timeZone] = await Promise.all([
      listAudit(ctx.state.db, orgId, { limit: 100 }),
      verifyAudit(ctx.state.db, orgId),
      orgTimeZone(ctx.state, orgId),
    ]);
    return ctx.render({ entries, verify, timeZone });
  },
};

/** The organisation's newest audit entries and whether the hash chain is intact. */
export default function Audit({ data }: PageProps<Data>) {
  return <AuditSection entries={data.entries} verify={data.verify} timeZone={data.timeZone} />;
}
