import { roles } from "../../lib/access.ts";
import type { User } from "../../models/users.ts";
import { AdminForm } from "./AdminForm.tsx";
import { TableScroll } from "../TableScroll.tsx";

/** Users of the organisation: add one, change a role, disable or enable. */
export function UsersSection(
  { users, csrf, selfId }: { users: User[]; csrf: string; selfId: string },
) {
  return (
    <section id="users">
      <h2>Users</h2>
      <TableScroll label="Users">
        <table>
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Role</th>
              <th>Status</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{u.disabled ? "disabled" : "active"}</td>
                <td>
                  {u.id === selfId
                    ? <span class="muted">you</span>
                    : (
                      <AdminForm csrf={csrf} action="update_user">
                        <input type="hidden" name="id" value={u.id} />
                        <select name="role" aria-label={`Role of ${u.email}`}>
                          {roles.map((r) => (
                            <option key={r} value={r} selected={r === u.role}>{r}</option>
                          ))}
                        </select>
                        <select name="disabled" aria-label={`Status of ${u.email}`}>
                          <option value="false" selected={!u.disabled}>active</option>
                          <option value="true" selected={u.disabled}>disabled</option>
                        </select>
                        <button type="submit">Save</button>
                      </AdminForm>
                    )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <AdminForm csrf={csrf} action="create_user" inline>
        <input
          type="email"
          name="email"
          placeholder="e-mail"
          required
          aria-label="New user's e-mail"
        />
        <input
          type="password"
          name="password"
          placeholder="password (12+ characters)"
          minLength={12}
          required
          aria-label="New user's password"
        />
        <select name="role" aria-label="New user's role">
          {roles.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
        <button type="submit">Add user</button>
      </AdminForm>
    </section>
  );
}
