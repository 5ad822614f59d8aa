import { define, type Handlers } from "../lib/define.ts";
import { platformAdminOnly } from "../lib/access.ts";
import { actorOf } from "../lib/caller.ts";
import { readForm, safeNext, seeOther } from "../lib/auth/page_forms.ts";
import { orgCookie } from "../lib/org_cookie.ts";
import { enterOrg } from "../services/accounts.ts";

export const config = define.config({ access: platformAdminOnly, audit: { resource: "orgs" } });

export const handler: Handlers = {
  /** The header's organisation switcher: the platform admin's pages then show that organisation. */
  async POST(ctx) {
    const form = await readForm(ctx.req);
    const org = await enterOrg(ctx.state, actorOf(ctx.state), form.orgId ?? "");
    return seeOther(safeNext(form.next), [orgCookie(ctx.url, org.id)]);
  },
};
