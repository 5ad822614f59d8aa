import type { LayoutProps } from "../../lib/define.ts";

/** The administration area's shell: its title (naming the organisation administered) and tabs. */
export default function AdminLayout({ Component, url, state }: LayoutProps) {
  const tabs: [string, string][] = [
    ["/admin", "Users, keys, settings, webhooks"],
    ["/admin/models", "Forecast models"],
    ["/admin/calendar", "Calendar"],
    ["/admin/audit", "Audit log"],
  ];
  if (state?.user?.platformAdmin) tabs.push(["/admin/orgs", "Organisations"]);
  return (
    <>
      <h1>Administration{state?.viewOrg ? `: ${state.viewOrg.name}` : ""}</h1>
      <nav class="admin-tabs" aria-label="Administration">
        {tabs.map(([href, label]) => (
          <a href={href} aria-current={url.pathname === href ? "page" : undefined}>{label}</a>
        ))}
      </nav>
      <Component />
    </>
  );
}
