/**
 * Small per-database settings in `app_secrets`: generated secrets (JWT, PII) outside production
 * and the demo's progress markers.
 */
import type { Queryable } from "../infra/db.ts";

/** Stores a value unless the name already has one (the first writer wins). */
export async function insertSecretIfAbsent(
  db: Queryable,
  name: string,
  value: string,
): Promise<void> {
  await db.query(
    "INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    [name, value],
  );
}

/** The value stored under a name, or null. */
export async function getSecret(db: Queryable, name: string): Promise<string | null> {
  const [row] = await db.query<{ value: string }>(
    "SELECT value FROM app_secrets WHERE name = $1",
    [name],
  );
  return row?.value ?? null;
}

/** Stores a value under a name, replacing any. */
export async function putSecret(db: Queryable, name: string, value: string): Promise<void> {
  await db.query(
    `INSERT INTO app_secrets (name, value) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    [name, value],
  );
}

/** Changes the value of an existing name (nothing happens when there is none). */
export async function updateSecret(db: Queryable, name: string, value: string): Promise<void> {
  await db.query("UPDATE app_secrets SET value = $2 WHERE name = $1", [name, value]);
}

/** Removes a name. */
export async function deleteSecret(db: Queryable, name: string): Promise<void> {
  await db.query("DELETE FROM app_secrets WHERE name = $1", [name]);
}

/**
 * A progress marker: its value, and whether it is `pending:<epoch ms>` older than staleMinutes
 * (its writer stopped refreshing it). Null when there is no marker.
 */
export async function readMarker(
  db: Queryable,
  name: string,
  staleMinutes: number,
): Promise<{ value: string; stale: boolean } | null> {
  const [row] = await db.query<{ value: string; stale: boolean }>(
    `SELECT value, CASE WHEN value LIKE 'pending:%' THEN now() - to_timestamp(
       split_part(value, ':', 2)::bigint / 1000.0) > make_interval(mins => $2) ELSE false END
       AS stale
     FROM app_secrets WHERE name = $1`,
    [name, staleMinutes],
  );
  return row ?? null;
}

/** Sets a marker to `pending:<now in epoch ms>` (the writer is alive). */
export async function touchPendingMarker(db: Queryable, name: string): Promise<void> {
  await db.query(
    `UPDATE app_secrets SET value = 'pending:' || floor(extract(epoch FROM now()) * 1000)::bigint
     WHERE name = $1`,
    [name],
  );
}

/** Secrets an older version kept in app_secrets (name, value), when the table exists. */
export async function legacySecretRows(
  db: Queryable,
  names: string[],
): Promise<[string, string][]> {
  const [exists] = await db.query<{ t: string | null }>("SELECT to_regclass('app_secrets') AS t");
  if (!exists?.t) return [];
  const rows = await db.query<{ name: string; value: string }>(
    "SELECT name, value FROM app_secrets WHERE name = ANY($1)",
    [names],
  );
  return rows.map((r) => [r.name, r.value]);
}

/** Deletes secrets of an older version from app_secrets (once they live in the secrets file). */
export async function deleteLegacySecrets(db: Queryable, names: string[]): Promise<void> {
  await db.query("DELETE FROM app_secrets WHERE name = ANY($1)", [names]);
}
