import type { ApiKeyInfo } from "../../lib/auth/api_keys.ts";
import { AdminForm } from "./AdminForm.tsx";
import { TableScroll } from "../TableScroll.tsx";

import { formatDateTime } from "../../domain/time_format.ts";

/** API keys of hospital systems: create (shown once), list by prefix, revoke. */
export function ApiKeysSection(
  { keys, csrf, newKey, timeZone }: {
    keys: ApiKeyInfo[];
    csrf: string;
    newKey?: string;
    timeZone: string;
  },
) {
  const day = (d: Date | null) => (d ? formatDateTime(d, timeZone) : "—");
  return (
    <section id="api-keys">
      <h2>API keys</h2>
      {newKey && (
        <p class="notice" role="status">
          New key — copy it now, it is not shown again: <code>{newKey}</code>
        </p>
      )}
      <TableScroll label="API keys">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Scopes</th>
              <th>Created</th>
              <th>Last used</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>fsk_{k.prefix}_…</code>
                </td>
                <td>{k.scopes.join(", ")}</td>
                <td>{day(k.createdAt)}</td>
                <td>{day(k.lastUsedAt)}</td>
                <td>
                  {k.revokedAt ? "revoked" : (
                    <AdminForm csrf={csrf} action="revoke_key">
                      <input type="hidden" name="id" value={k.id} />
                      <button type="submit">Revoke</button>
                    </AdminForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <AdminForm csrf={csrf} action="create_key" inline>
        <input
          name="name"
          placeholder="system name"
          required
          maxLength={100}
          aria-label="Key name"
        />
        <select name="scope" aria-label="Key scope">
          <option value="ingest">ingest: upload data</option>
          <option value="read_status">read_status: poll EDXL-HAVE and CAP</option>
        </select>
        <button type="submit">Create key</button>
      </AdminForm>
    </section>
  );
}
