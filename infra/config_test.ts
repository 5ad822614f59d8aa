import { expect } from "expect";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("config: defaults apply when the environment is empty", () => {
  const c = loadConfig({});
  expect(c.PORT).toBe(8000);
  expect(c.PGLITE_DIR).toBe("./data/pglite");
  expect(c.WORKERS).toBe("on");
  expect(c.RETENTION_RAW_DAYS).toBe(90);
  expect(c.DATABASE_URL).toBeUndefined();
});

Deno.test("config: a non-numeric PORT names the variable and the value", () => {
  expect(() => loadConfig({ PORT: "abc" })).toThrow(ConfigError);
  expect(() => loadConfig({ PORT: "abc" })).toThrow(/^Invalid setting PORT \(got "abc"\)/);
});

Deno.test("config: a malformed DATABASE_URL is named without echoing its value", () => {
  let message = "";
  try {
    loadConfig({ DATABASE_URL: "mysql://secret@host/db" });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/^Invalid setting DATABASE_URL: must look like postgres:\/\//);
  expect(message).not.toContain("secret");
});

Deno.test("config: production requires JWT_SECRET and PII_SECRET", () => {
  expect(() => loadConfig({ DENO_ENV: "production" })).toThrow(/JWT_SECRET: is required/);
  const ok = loadConfig({
    DENO_ENV: "production",
    JWT_SECRET: "x".repeat(32),
    PII_SECRET: "y".repeat(32),
  });
  expect(ok.DENO_ENV).toBe("production");
});

Deno.test("config: empty strings count as unset, bad enums are named", () => {
  expect(loadConfig({ PORT: "" }).PORT).toBe(8000);
  expect(() => loadConfig({ WORKERS: "maybe" })).toThrow(/Invalid setting WORKERS/);
  expect(() => loadConfig({ RETENTION_RAW_DAYS: "-3" })).toThrow(/RETENTION_RAW_DAYS/);
});

Deno.test("config: half an Upstash setting stops start-up naming the missing variable", () => {
  expect(() => loadConfig({ UPSTASH_REDIS_REST_URL: "https://u.example" })).toThrow(
    /^Invalid setting UPSTASH_REDIS_REST_TOKEN: is required with UPSTASH_REDIS_REST_URL$/,
  );
  expect(() => loadConfig({ UPSTASH_REDIS_REST_TOKEN: "t" })).toThrow(
    /^Invalid setting UPSTASH_REDIS_REST_URL: is required with UPSTASH_REDIS_REST_TOKEN$/,
  );
  expect(() => loadConfig({ TRUSTED_PROXIES: "10.0.0.1, evil" })).toThrow(/TRUSTED_PROXIES/);
  expect(loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).TRUSTED_PROXIES).toBe(
    "10.0.0.0/8, ::1",
  );
});
