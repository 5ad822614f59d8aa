/**
 * The operators' kit in ops/ and compose.yaml stays true to the code: the alerting rules pass
 * `promtool check rules` (when Debian's prometheus package is installed, as in CI), every metric
 * the rules and the Grafana dashboard use is one FestSafe exports, and the compose file is valid
 * YAML whose FestSafe settings are all known configuration variables. (No Docker engine runs
 * here, so the compose file itself is never started in CI.)
 */
import { expect } from "expect";
import { load as parse } from "js-yaml";
import { configSchema } from "../infra/config.ts";
import { renderMetrics } from "../infra/metrics.ts";
import "../lib/app.ts";
import "../lib/app_metrics.ts";
import "../workers/runner.ts";
import "../services/forecasts.ts";
import "../lib/auth/login_guard.ts";
import "../lib/auth/rate_limit.ts";
import "../infra/live.ts";

const root = new URL("../", import.meta.url);
const read = (path: string) => Deno.readTextFile(new URL(path, root));
const promtool = (() => {
  try {
    return new Deno.Command("promtool", { args: ["--version"] }).outputSync().success;
  } catch {
    return false;
  }
})();

/** Metric names a PromQL text refers to, without histogram suffixes. */
const metricsIn = (text: string) =>
  new Set(
    [...text.matchAll(/festsafe_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, "")),
  );

Deno.test({
  name: "ops: promtool accepts the alerting rules",
  ignore: !promtool,
  fn: async () => {
    const out = await new Deno.Command("promtool", {
      args: ["check", "rules", "ops/prometheus/alerts.yml"],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    expect(said).toContain("SUCCESS");
    expect(out.success).toBe(true);
  },
});

Deno.test("ops: rules and dashboard use only metrics FestSafe exports", async () => {
  const exported = new Set([...renderMetrics().matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
  const rules = parse(await read("ops/prometheus/alerts.yml")) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  const ruleList = rules.groups.flatMap((g) => g.rules);
  expect(ruleList.length).toBeGreaterThanOrEqual(8);
  const dashboard = JSON.parse(await read("ops/grafana/festsafe-dashboard.json"));
  const targets = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets);
  expect(targets.length).toBeGreaterThanOrEqual(12);
  const used = metricsIn(
    [...ruleList.map((r) => r.expr), ...targets.map((t: { expr: string }) => t.expr)].join("\n"),
  );
  expect(used.size).toBeGreaterThan(8);
  expect([...used].filter((m) => !exported.has(m))).toEqual([]);
});

Deno.test("ops: compose.yaml is valid and sets only known configuration", async () => {
  const compose = parse(await read("compose.yaml")) as {
    services: Record<
      string,
      { image?: string; build?: string; environment?: Record<string, string> }
    >;
  };
  expect(Object.keys(compose.services)).toEqual(
    expect.arrayContaining(["db", "redis", "festsafe"]),
  );
  expect(compose.services.db.image).toContain("timescaledb");
  expect(compose.services.redis.image).toContain("redis");
  const env = compose.services.festsafe.environment!;
  const known = new Set(Object.keys(configSchema.shape));
  expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
  for (const k of ["DATABASE_URL", "REDIS_URL", "JWT_SECRET", "PII_SECRET", "AUDIT_KEY"]) {
    expect(env[k]).toBeTruthy();
  }
  expect(env.DENO_ENV).toBe("production");
});
