import type { OrgSummary } from "../lib/define.ts";

/** Where to go after switching: the same section of the site (an id of the old organisation would 404). */
export function sectionOf(path: string): string {
  const first = path.split("/").filter(Boolean)[0];
  return first ? `/${first}` : "/";
}

/**
 * The platform admin's organisation picker (POST /org-switch, works without JavaScript): the
 * demo first, then every other organisation by name.
 */
export function OrgSwitcher(
  { orgs, current, csrf, path }: {
    orgs: OrgSummary[];
    current?: string;
    csrf: string;
    path: string;
  },
) {
  return (
    <form method="post" action="/org-switch" class="org-switch no-print">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="next" value={sectionOf(path)} />
      <label>
        <span class="visually-hidden">Organisation</span>
        <select name="orgId" data-testid="org-switch">
          {orgs.map((o) => (
            <option value={o.id} selected={o.id === current}>
              {o.isDemo && !/demo/i.test(o.name) ? `${o.name} (demo)` : o.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Switch</button>
    </form>
  );
}
