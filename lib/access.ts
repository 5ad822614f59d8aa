/**
 * Who may call which API route, declared in one place so that a test can walk every route with
 * its rule. The API middleware refuses any /api route that is missing here (fail closed).
 * Keys are "METHOD /pattern" with the Hono pattern of the route file.
 */
export const roles = ["admin", "coordinator", "organizer", "analyst"] as const;
export type Role = typeof roles[number];

export interface Access {
  /** No credentials needed (login, refresh). */
  public?: true;
  /** Only the platform admin (created at first start). */
  platformAdmin?: true;
  /** Users with one of these roles, within their own organisation. */
  roles?: readonly Role[];
  /** Machine clients with an API key carrying this scope may call it too. */
  apiKeyScope?: "ingest";
}

const everyone = roles;
const planners = ["admin", "coordinator"] as const;
const eventEditors = ["admin", "coordinator", "organizer"] as const;

export const routeAccess: Record<string, Access> = {
  "POST /api/auth/login": { public: true },
  "POST /api/auth/refresh": { public: true },
  "POST /api/auth/logout": { roles: everyone },
  "GET /api/me": { roles: everyone },
  "POST /api/orgs": { platformAdmin: true },
  "GET /api/users": { roles: ["admin"] },
  "POST /api/users": { roles: ["admin"] },
  "PATCH /api/users/:id": { roles: ["admin"] },
  "GET /api/api-keys": { roles: ["admin"] },
  "POST /api/api-keys": { roles: ["admin"] },
  "DELETE /api/api-keys/:id": { roles: ["admin"] },
  "GET /api/hospitals": { roles: everyone },
  "POST /api/hospitals": { roles: planners },
  "GET /api/hospitals/:id": { roles: everyone },
  "PATCH /api/hospitals/:id": { roles: planners },
  "GET /api/events": { roles: everyone },
  "POST /api/events": { roles: eventEditors },
  "GET /api/events/:id": { roles: everyone },
  "PATCH /api/events/:id": { roles: eventEditors },
  "DELETE /api/events/:id": { roles: eventEditors },
  "POST /api/observations": { roles: planners, apiKeyScope: "ingest" },
  "POST /api/encounters": { roles: planners, apiKeyScope: "ingest" },
  "GET /api/hospitals/:id/observations": { roles: everyone },
  "GET /api/environment": { roles: everyone },
  "POST /api/environment": { roles: planners, apiKeyScope: "ingest" },
  "GET /api/feeds": { roles: everyone },
  "GET /api/hospitals/:id/forecast": { roles: everyone },
  "POST /api/forecast/what-if": { roles: everyone },
  "GET /api/models": { roles: everyone },
  "GET /api/models/current.onnx": { roles: everyone },
  "GET /api/plans/latest": { roles: everyone },
  "PATCH /api/recommendations/:id": { roles: eventEditors },
  "GET /api/alerts": { roles: everyone },
  "GET /api/audit": { roles: ["admin"] },
  "GET /api/audit/verify": { roles: ["admin"] },
  "GET /api/live": { roles: everyone },
  "GET /api/openapi.json": { public: true },
};
