import type { LayoutProps } from "../../lib/define.ts";

/**
 * The administration area's shell: its title (naming the organisation administered) and tabs.
 * Settings and webhooks join the tabs here when they get their pages.
 */
export default function AdminLayout({ Component, url, state }: LayoutProps) {
  const tabs: [string, string][] = [
    ["/admin", "Users and API keys"],
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
