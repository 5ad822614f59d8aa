/**
 * Secrets outside the data (issue 10): outside production the JWT and PII secrets lived in the
 * `app_secrets` table, so a dump alone let one forge a platform-admin token and recompute patient
 * pseudonyms. They now live in the environment or a 0600 file beside the data folder.
 */
import { expect } from "expect";
import { dbTest } from "./support/services.ts";
import { appSecret, loadSecrets, secretsFileOf } from "../lib/auth/secrets.ts";
import type { Db } from "../infra/db.ts";

dbTest("generated secrets go to a 0600 file, never to the database", async (s) => {
  const dir = await Deno.makeTempDir();
  try {
    const config = { ...s.config, SECRETS_FILE: `${dir}/festsafe/secrets.json` };
    const db: Db = { ...s.db }; // a fresh handle: nothing cached for it yet
    await loadSecrets(db, config);
    const file = await Deno.stat(config.SECRETS_FILE);
    expect(file.mode! & 0o777).toBe(0o600);
    const stored = JSON.parse(await Deno.readTextFile(config.SECRETS_FILE));
    expect(Object.keys(stored).sort()).toEqual(["AUDIT_KEY", "JWT_SECRET", "PII_SECRET"]);
    expect(await appSecret(db, config, "PII_SECRET")).toBe(stored.PII_SECRET);
    const inDb = await s.db.query(
      "SELECT 1 FROM app_secrets WHERE name IN ('JWT_SECRET', 'PII_SECRET', 'AUDIT_KEY')",
    );
    expect(inDb).toEqual([]);
    // A second instance on the same files reads the same secrets.
    const again: Db = { ...s.db };
    expect(await appSecret(again, config, "JWT_SECRET")).toBe(stored.JWT_SECRET);
    // The environment wins over the file.
    const fromEnv = { ...config, JWT_SECRET: "e".repeat(40) };
    expect(await appSecret({ ...s.db }, fromEnv, "JWT_SECRET")).toBe("e".repeat(40));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

dbTest("an existing install's secrets move from app_secrets to the file once", async (s) => {
  const dir = await Deno.makeTempDir();
  try {
    const legacy = { JWT_SECRET: "j".repeat(64), PII_SECRET: "p".repeat(64) };
    for (const [name, value] of Object.entries(legacy)) {
      await s.db.query(
        "INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2",
        [name, value],
      );
    }
    const config = { ...s.config, SECRETS_FILE: `${dir}/secrets.json` };
    const db: Db = { ...s.db };
    // Sessions and pseudonyms made before the upgrade stay valid: same secrets.
    expect(await appSecret(db, config, "JWT_SECRET")).toBe(legacy.JWT_SECRET);
    expect(await appSecret(db, config, "PII_SECRET")).toBe(legacy.PII_SECRET);
    const left = await s.db.query("SELECT name FROM app_secrets WHERE name LIKE '%SECRET'");
    expect(left).toEqual([]);
    const stored = JSON.parse(await Deno.readTextFile(config.SECRETS_FILE));
    expect(stored).toMatchObject(legacy);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the secrets file sits beside the PGlite folder by default", () => {
  const base = { SECRETS_FILE: undefined, DATABASE_URL: undefined } as const;
  // deno-lint-ignore no-explicit-any
  const of = (c: Record<string, unknown>) => secretsFileOf({ ...base, ...c } as any);
  expect(of({ PGLITE_DIR: "./data/pglite" })).toBe("./data/pglite/../secrets.json");
  expect(of({ PGLITE_DIR: "memory://" })).toBe("memory://");
  expect(of({ PGLITE_DIR: "./x", DATABASE_URL: "postgres://h/db" })).toBe("./data/secrets.json");
  expect(of({ PGLITE_DIR: "./x", SECRETS_FILE: "/etc/festsafe/secrets.json" }))
    .toBe("/etc/festsafe/secrets.json");
});
