/**
 * GET /api/openapi.json: OpenAPI 3.1 built from the same zod schemas that validate requests
 * (z.toJSONSchema), with each operation's access rule from lib/access.ts. Routes listed in the
 * access table without a documented operation still appear, so the document never omits one.
 */
import { z } from "zod";
import { type Access, routeAccess } from "./access.ts";
import { apiOperations, type Operation } from "./openapi_operations.ts";

type Json = Record<string, unknown>;

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
}).meta({ id: "Error" });

/** Converts a schema, moving its definitions into components and returning a $ref or inline. */
function schemaOf(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const js = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Json;
  const text = JSON.stringify(js).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $schema: _, $defs, ...rest } = JSON.parse(text) as Json & { $defs?: Json };
  for (const [name, def] of Object.entries($defs ?? {})) {
    components[name] = def;
  }
  return rest;
}

const describeAccess = (a: Access) =>
  a.public
    ? "Public."
    : a.platformAdmin
    ? "Platform admin only."
    : `Roles: ${(a.roles ?? []).join(", ")}${
      a.apiKeyScope ? `; API keys with scope \`${a.apiKeyScope}\`` : ""
    }. Other organisations' rows answer 404.`;

/** The OpenAPI document of the whole API. */
export function buildOpenApi(operations: Operation[] = apiOperations): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  const documented = new Map(operations.map((o) => [`${o.method} ${o.path}`, o]));
  const error = schemaOf(errorSchema, "output", components);
  for (const [key, access] of Object.entries(routeAccess)) {
    const [method, path] = key.split(" ");
    const op = documented.get(key);
    const oaPath = path.replace(/:(\w+)/g, "{$1}");
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = op?.query
      ? Object.entries((schemaOf(op.query, "input", components).properties ?? {}) as Json).map((
        [name, schema],
      ) => ({ name, in: "query", required: false, schema }))
      : [];
    const content: Json = {};
    if (op?.body) content["application/json"] = { schema: schemaOf(op.body, "input", components) };
    if (op?.csv) content["text/csv"] = { schema: { type: "string", description: op.csv } };
    if (op?.fhir) {
      content["application/fhir+json"] = {
        schema: { type: "object", description: "FHIR R4 Bundle of Encounter and Patient" },
      };
    }
    const responses: Json = {
      [String(op?.status ?? 200)]: {
        description: op?.responseDescription ?? "OK",
        ...(op?.response
          ? {
            content: {
              "application/json": { schema: schemaOf(op.response, "output", components) },
            },
          }
          : {}),
      },
      default: { description: "Error", content: { "application/json": { schema: error } } },
    };
    (paths[oaPath] ??= {})[method.toLowerCase()] = {
      summary: op?.summary ?? `${method} ${path}`,
      description: describeAccess(access),
      ...(access.public ? { security: [] } : {}),
      parameters: [...params, ...query],
      ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "FestSafe API",
      version: "1",
      description: "ED demand forecasts around mass gatherings. Errors: see the Error schema.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "JWT access token or API key" },
        cookie: { type: "apiKey", in: "cookie", name: "fs_access" },
      },
    },
  };
}
