import { z } from "zod";

const onOff = z.enum(["on", "off"]);
const days = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const url = (fallback?: string) => {
  const s = z.string().url("must be a URL such as https://host/path");
  return fallback ? s.default(fallback) : s.optional();
};

/** Every setting FestSafe reads from the environment (CONTRACT.md "Configuration"). */
export const configSchema = z.object({
  PORT: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0)
    .max(65535).default(8000),
  DENO_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().regex(
    /^postgres(ql)?:\/\/[^\s/]+(\/[^\s?]*)?(\?\S*)?$/,
    "must look like postgres://user@host:5432/dbname",
  ).optional(),
  /** A read replica for read-heavy pages and exports; unset → DATABASE_URL serves reads too. */
  DATABASE_READ_URL: z.string().regex(
    /^postgres(ql)?:\/\/[^\s/]+(\/[^\s?]*)?(\?\S*)?$/,
    "must look like postgres://user@replica:5432/dbname",
  ).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_READ_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** PostgreSQL cancels statements running longer (a safety net under the request budgets). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(300_000),
  PGLITE_DIR: z.string().min(1).default("./data/pglite"),
  /**
   * Where generated secrets are kept (0600) when JWT_SECRET / PII_SECRET / AUDIT_KEY are not
   * given: default `secrets.json` beside the PGlite folder, `./data/secrets.json` otherwise.
   */
  SECRETS_FILE: z.string().min(1).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "must look like redis://host:6379").optional(),
  UPSTASH_REDIS_REST_URL: url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PII_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** HMAC key of the audit chain (services/audit.ts); kept outside the database. */
  AUDIT_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  /** `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>` when set. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Serve `/metrics` on this port only (not on PORT). */
  METRICS_PORT: z.coerce.number({ error: "must be a whole number" }).int().min(0).max(65535)
    .optional(),
  /** Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For counts. */
  TRUSTED_PROXIES: z.string().regex(
    /^[\s\d.:a-fA-F/,]*$/,
    "must be comma-separated IP addresses or CIDR ranges",
  ).default(""),
  /**
   * Open HTTP connections per process (lib/conn_guard.ts); unset → the open-file limit less 256.
   * Past it the oldest idle connection is closed, or the newcomer gets 503.
   */
  MAX_CONNECTIONS: z.coerce.number().int().min(1).optional(),
  /** A new connection must deliver its first request's headers within this (else closed). */
  HTTP_HEADER_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** A kept-alive connection with nothing in flight is closed after this. */
  HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Live streams one user or API key may hold open at once (429 with Retry-After beyond). */
  LIVE_STREAMS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** Live streams one organisation may hold open at once, over all instances. */
  LIVE_STREAMS_PER_ORG: z.coerce.number().int().min(1).default(20_000),
  /** API requests per minute per user or API key (429 with Retry-After beyond). */
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  FESTSAFE_ADMIN_EMAIL: z.string().email().default("admin@festsafe.local"),
  FESTSAFE_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  WORKERS: onOff.default("on"),
  FEEDS: onOff.default("on"),
  OPEN_METEO_URL: url("https://api.open-meteo.com"),
  OPEN_METEO_AIR_URL: url("https://air-quality-api.open-meteo.com"),
  OPENAQ_URL: url("https://api.openaq.org"),
  OPENAQ_API_KEY: z.string().min(1).optional(),
  AIRNOW_URL: url("https://www.airnowapi.org"),
  AIRNOW_API_KEY: z.string().min(1).optional(),
  RETENTION_RAW_DAYS: days(90),
  RETENTION_AGG_DAYS: days(365),
  RETENTION_FORECAST_DAYS: days(30),
  RETENTION_PLAN_DAYS: days(90),
  /** Stored precision of encounter arrival times (services/ingest/encounters.ts). */
  ENCOUNTER_ARRIVAL_PRECISION: z.enum(["hour", "minute", "second"]).default("hour"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  SEED_DEMO: onOff.default("on"),
  /** `on` lets webhooks target loopback and private addresses (on-premises installs, tests). */
  WEBHOOK_ALLOW_PRIVATE: onOff.default("off"),
  /** Webhook deliveries one process sends at once, all organisations together. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Deliveries of one organisation in flight at once, across every instance. */
  WEBHOOK_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** A receiver gets this long to answer (connect, TLS and response headers together). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Webhooks an organisation may register (409 `webhook_limit` beyond). */
  WEBHOOKS_PER_ORG: z.coerce.number().int().min(1).max(1000).default(20),
  /** Organisation model trainings running at once across every instance (others queue). */
  TRAINING_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1),
  /** Optional sink that receives every exported audit checkpoint as a JSON POST. */
  AUDIT_CHECKPOINT_URL: url(),
  /**
   * Folder of the island bundles (`deno task build` writes it, the server reads it); default
   * `static/_islands`. Test runs build into their own so a running server keeps its files.
   */
  ISLANDS_DIR: z.string().min(1).optional(),
  /** Optional raster tile URL template for the dashboard map; offline GeoJSON otherwise. */
  MAP_TILES_URL: z.string().regex(
    /^https?:\/\/\S+\{z\}\S*$/,
    "must be a tile URL template with {z}/{x}/{y}",
  )
    .optional(),
}).superRefine((c, ctx) => {
  // Half an Upstash setting would silently fall back to a per-process memory cache.
  for (
    const [set, missing] of [
      ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
      ["UPSTASH_REDIS_REST_TOKEN", "UPSTASH_REDIS_REST_URL"],
    ] as const
  ) {
    if (c[set] && !c[missing]) {
      ctx.addIssue({ code: "custom", path: [missing], message: `is required with ${set}` });
    }
  }
  if (c.DENO_ENV !== "production") return;
  for (const key of ["JWT_SECRET", "PII_SECRET"] as const) {
    if (!c[key]) {
      ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
    }
  }
});

export type Config = z.infer<typeof configSchema>;

/** Thrown when the environment holds a bad setting; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates settings; empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue.path[0] ?? "environment");
  const shown = variable in input && !/SECRET|PASSWORD|TOKEN|KEY|URL/.test(variable)
    ? ` (got "${input[variable]}")`
    : "";
  throw new ConfigError(`Invalid setting ${variable}${shown}: ${issue.message}`);
}
