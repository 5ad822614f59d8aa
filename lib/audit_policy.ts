/**
 * Which API requests the access middleware writes to the audit log: every write, and every read
 * of patient-derived data, plans and accounts (issue #3). Other reads (hospital names, events,
 * environment) are public facts of the organisation and not worth a row each.
 */
const sensitiveReads = new Set([
  "observations",
  "encounters",
  "forecasts",
  "plans",
  "recommendations",
  "users",
  "api-keys",
  "audit",
  "alerts",
]);

/** Resources whose name differs from the last static segment of their path. */
const aliases: Record<string, string> = {
  forecast: "forecasts",
  "what-if": "forecasts",
  latest: "plans",
  verify: "audit",
  // GET /api/me only echoes the caller's own token: no stored data is read, so no row.
  me: "session",
  login: "sessions",
  logout: "sessions",
  refresh: "sessions",
  "current.onnx": "models",
};

/** The audited resource name of a route pattern: `/api/hospitals/:id/forecast` → forecasts. */
export function auditResourceOf(pattern: string): string {
  const statics = pattern.split("/").filter((s) => s && s !== "api" && !s.startsWith(":"));
  const last = statics[statics.length - 1] ?? "api";
  return aliases[last] ?? last;
}

/** True when a request to this route is written to the audit log by the access middleware. */
export function isAudited(method: string, pattern: string): boolean {
  // Login and refresh record their own outcome with the account concerned.
  if (pattern === "/api/auth/login" || pattern === "/api/auth/refresh") return false;
  if (pattern === "/api/openapi.json") return false;
  if (method !== "GET" && method !== "HEAD") return true;
  return sensitiveReads.has(auditResourceOf(pattern));
}

/** The audit verb of an HTTP method. */
export function auditActionOf(method: string): string {
  return ({ GET: "read", HEAD: "read", POST: "create", PUT: "update", PATCH: "update" } as Record<
    string,
    string
  >)[method] ?? (method === "DELETE" ? "delete" : method.toLowerCase());
}
