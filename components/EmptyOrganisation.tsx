import { eventEditors, ingesters, planners } from "../lib/access.ts";

const may = (roles: readonly string[] | undefined, role: string | undefined) =>
  Boolean(role && roles?.includes(role));

/** The overview of an organisation with no hospitals yet: what to do first, by role. */
export function EmptyOrganisation({ role, orgName }: { role?: string; orgName?: string }) {
  const steps = [
    may(planners.roles, role) && (
      <li>
        <a href="/hospitals/new">Register a hospital</a> (name, place, ED beds)
      </li>
    ),
    may(ingesters.roles, role) && (
      <li>
        <a href="/upload">Upload ED arrivals</a> (hourly CSV) so forecasts can start
      </li>
    ),
    may(eventEditors.roles, role) && (
      <li>
        <a href="/events/new">Register an event</a> with its expected attendance
      </li>
    ),
  ].filter(Boolean);
  return (
    <section class="empty-state" data-testid="empty-state" aria-label="Getting started">
      <h2>No hospitals yet{orgName ? ` in ${orgName}` : ""}</h2>
      <p>
        The map, readiness board and forecasts appear once the organisation has hospitals and a day
        of ED arrivals.
      </p>
      {steps.length
        ? <ol>{steps}</ol>
        : <p class="muted">Ask your organisation's admin or coordinator to register hospitals.</p>}
      <p class="muted">
        Everything can also be done through the <a href="/docs">API</a>.
      </p>
    </section>
  );
}
