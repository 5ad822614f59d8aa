import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { anyone, everyone, planners } from "../../lib/access.ts";
import { viewerOrgId } from "../../lib/caller.ts";
import type { Hospital } from "../../models/hospitals.ts";
import { orgHospitals } from "../../lib/page_data.ts";
import { TableScroll } from "../../components/TableScroll.tsx";
import { ExportLinks } from "../../components/ExportLinks.tsx";

const may = (roles: readonly string[] | undefined, role: string | undefined) =>
  Boolean(role && roles?.includes(role));

export const config = define.config({ access: anyone, audit: false, cache: true });

export const handler: Handlers<Hospital[]> = {
  async GET(ctx) {
    const orgId = await viewerOrgId(ctx.state);
    return ctx.render(orgId ? await orgHospitals(ctx.state, orgId) : []);
  },
};

/** The organisation's hospitals: their facts, and for planners register and edit. */
export default function Hospitals({ data, state }: PageProps<Hospital[]>) {
  const role = state.user?.role;
  const canEdit = may(planners.roles, role);
  return (
    <>
      <h1>Hospitals</h1>
      {canEdit && (
        <p class="actions">
          <a class="button" href="/hospitals/new">Register a hospital</a>
        </p>
      )}
      {data.length
        ? (
          <TableScroll label="Hospitals">
            <table data-testid="hospitals">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Identifier</th>
                  <th class="num">ED beds</th>
                  <th class="num">ICU beds</th>
                  <th class="num">Staff</th>
                  <th>Time zone</th>
                  {canEdit && <th>Change</th>}
                </tr>
              </thead>
              <tbody>
                {data.map((h) => (
                  <tr data-hospital={h.code}>
                    <td>
                      <a href={`/hospitals/${h.code}`}>{h.name}</a>
                    </td>
                    <td>
                      <code>{h.code}</code>
                    </td>
                    <td class="num">{h.edBeds}</td>
                    <td class="num">{h.icuBeds}</td>
                    <td class="num">{h.staffBaseline}</td>
                    <td>{h.timezone}</td>
                    {canEdit && (
                      <td>
                        <a href={`/hospitals/${h.code}/edit`} aria-label={`Edit ${h.name}`}>Edit</a>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )
        : <p>No hospitals yet.</p>}
      {may(everyone.roles, role) && <ExportLinks />}
    </>
  );
}
