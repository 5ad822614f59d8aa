import { define, type Handlers, type PageProps } from "../../lib/define.ts";
import { platformAdminOnly } from "../../lib/access.ts";
import { actorOf, knownOrgs } from "../../lib/caller.ts";
import { readForm } from "../../lib/auth/page_forms.ts";
import { validate } from "../../framework/validation.ts";
import { orgCreate } from "../../lib/schemas/accounts.ts";
import { createOrg } from "../../services/accounts.ts";
import type { Org } from "../../models/orgs.ts";
import { type FormProblem, formProblem } from "../../lib/forms.ts";
import { Field, FormErrors, PostForm } from "../../components/form/fields.tsx";
import { TableScroll } from "../../components/TableScroll.tsx";

interface Data {
  orgs: Org[];
  values: Record<string, string>;
  problem?: FormProblem;
  created?: { name: string; adminEmail: string };
}

export const config = define.config({ access: platformAdminOnly, audit: { resource: "orgs" } });

export const handler: Handlers<Data> = {
  async GET(ctx) {
    return ctx.render({ orgs: await knownOrgs(ctx.state), values: {} });
  },
  /** Creates an organisation and its admin with the same schema and service as POST /api/orgs. */
  async POST(ctx) {
    const form = await readForm(ctx.req);
    try {
      const body = validate(orgCreate, {
        name: form.name,
        adminEmail: form.adminEmail,
        adminPassword: form.adminPassword,
      });
      const { org, admin } = await createOrg(ctx.state, actorOf(ctx.state), body);
      const res = ctx.render({
        orgs: await knownOrgs(ctx.state),
        values: {},
        created: { name: org.name, adminEmail: admin.email },
      });
      res.headers.set("cache-control", "no-store");
      return res;
    } catch (err) {
      const problem = formProblem(err);
      const { adminPassword: _, ...values } = form;
      return ctx.render({ orgs: await knownOrgs(ctx.state), values, problem }, {
        status: problem.status,
      });
    }
  },
};

/** Every organisation (the demo first), switching into one, and creating one with its admin. */
export default function Orgs({ data, state }: PageProps<Data>) {
  const csrf = state.csrf ?? "";
  const errors = data.problem?.errors;
  return (
    <>
      <section aria-labelledby="orgs-title">
        <h2 id="orgs-title">Organisations</h2>
        {data.created && (
          <p class="notice" role="status">
            Created {data.created.name}; its admin signs in as {data.created.adminEmail}.
          </p>
        )}
        <TableScroll label="Organisations">
          <table data-testid="orgs">
            <thead>
              <tr>
                <th>Name</th>
                <th>Created</th>
                <th>Work inside</th>
              </tr>
            </thead>
            <tbody>
              {data.orgs.map((o) => (
                <tr data-org={o.name}>
                  <td>
                    {o.name}
                    {o.isDemo && <span class="badge badge-info">demo</span>}
                  </td>
                  <td>{new Date(o.createdAt).toISOString().slice(0, 10)}</td>
                  <td>
                    {o.id === state.viewOrg?.id
                      ? <span class="muted">current</span>
                      : (
                        <PostForm action="/org-switch" csrf={csrf} class="inline-form">
                          <input type="hidden" name="orgId" value={o.id} />
                          <input type="hidden" name="next" value="/" />
                          <button type="submit" aria-label={`Switch to ${o.name}`}>Switch</button>
                        </PostForm>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="new-org-title">
        <h2 id="new-org-title">New organisation</h2>
        <PostForm action="/admin/orgs" csrf={csrf} class="form" testId="org-form">
          <FormErrors message={data.problem?.message} errors={errors} />
          <Field name="name" label="Name" value={data.values.name} errors={errors} required />
          <Field
            name="adminEmail"
            label="Its admin's e-mail"
            type="email"
            value={data.values.adminEmail}
            errors={errors}
            required
          />
          <Field
            name="adminPassword"
            label="Its admin's first password"
            type="password"
            hint="12 characters or more; they can change it."
            autocomplete="new-password"
            errors={errors}
            required
          />
          <div class="form-actions">
            <button type="submit" class="primary">Create organisation</button>
          </div>
        </PostForm>
      </section>
    </>
  );
}
