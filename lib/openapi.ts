/**
 * GET /api/openapi.json: the framework's document of every operation in the manifest (schemas,
 * parameters, responses beside each handler), with what each route's access rule means.
 */
import { buildOpenApi } from "../framework/openapi.ts";
import { operationsOf } from "../framework/routes.ts";
import { manifest } from "../routes.gen.ts";
import type { Access } from "./access.ts";
import type { AppState, RouteMeta } from "./define.ts";

const describeAccess = (a: Access) =>
  a.public
    ? "Public."
    : a.platformAdmin
    ? "Platform admin only; `X-Org-Id` picks the organisation to act in."
    : `Roles: ${(a.roles ?? []).join(", ")}${
      a.apiKeyScope ? `; API keys with scope \`${a.apiKeyScope}\`` : ""
    }. Other organisations' rows answer 404.`;

/** The OpenAPI 3.1 document of the whole API. */
export function buildApiDocument() {
  return buildOpenApi<AppState, RouteMeta>(operationsOf(manifest.routes), {
    info: {
      title: "FestSafe API",
      version: "1",
      description: "ED demand forecasts and action plans around mass gatherings. Every error " +
        "has the Error shape; 503 with Retry-After when a dependency is down.",
      license: { name: "Proprietary", identifier: "LicenseRef-FestSafe" },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", description: "JWT access token or API key" },
      cookie: { type: "apiKey", in: "cookie", name: "fs_access" },
    },
    describe: (meta) => ({
      description: describeAccess(meta.access) +
        (meta.audit ? ` Audited as \`${meta.audit.resource}\`.` : ""),
      ...(meta.access.public ? { security: [] } : {}),
      errors: meta.access.public ? [] : [401, 403],
    }),
  });
}
