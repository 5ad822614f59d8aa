/**
 * The OpenAPI 3.1 document of every operation in the manifest, generated from the same zod
 * schemas that validate requests (z.toJSONSchema); the app adds what its meta means (access,
 * security) through `describe`.
 */
import { z } from "zod";
import { operationIdOf, successStatuses } from "./operation.ts";
import type { Method, Operation } from "./types.ts";

type Json = Record<string, unknown>;

/** The error body every 4xx/5xx carries (framework/http_error.ts). */
export const errorSchema = z.object({
  error: z.object({
    code: z.string().meta({ description: "machine-readable, e.g. validation_failed" }),
    message: z.string(),
    details: z.array(
      z.object({
        path: z.string().meta({ description: "the field, e.g. records.3.edArrivals" }),
        message: z.string(),
        row: z.number().int().optional().meta({
          description: "for uploads: the record index (JSON) or line number (CSV)",
        }),
      }),
    ).optional(),
  }),
}).meta({ id: "Error", description: "The one error shape of the API" });

const reasons: Record<number, string> = {
  400: "Malformed request (bad JSON, bad encoding)",
  401: "No or invalid credentials",
  403: "Not allowed for this caller",
  404: "Not found (or another organisation's)",
  409: "Conflicts with the current state",
  413: "Body too large",
  415: "Unsupported Content-Type",
  422: "Validation failed; details name each field",
  429: "Too many requests; see Retry-After",
  503: "A dependency is unavailable; see Retry-After",
};

export interface DocumentedRoute<S, M> {
  method: Method;
  /** Hono pattern, `/api/hospitals/:id`. */
  pattern: string;
  // deno-lint-ignore no-explicit-any
  operation: Operation<S, M, any, any, any>;
}

export interface OpenApiOptions<M> {
  info: { title: string; version: string; description?: string; license?: Json };
  securitySchemes?: Json;
  security?: Json[];
  /** Extra operation fields from the app's meta (description of access, security, errors). */
  describe?(meta: M): { description?: string; security?: Json[]; errors?: number[] };
}

/** Converts a schema, moving its named definitions into components; returns the inline rest. */
function schemaOf(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const js = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
    reused: "inline",
  }) as Json;
  const text = JSON.stringify(js).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $schema: _, $defs, ...rest } = JSON.parse(text) as Json & { $defs?: Json };
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = def;
  if (typeof rest.id === "string" && rest.id) {
    // A schema with a meta id becomes a named component and is referred to.
    const { id, ...def } = rest;
    components[id as string] = def;
    return { $ref: `#/components/schemas/${id}` };
  }
  return rest;
}

function parameters(components: Json, where: "path" | "query", schema?: z.ZodType) {
  if (!schema) return [];
  const js = schemaOf(schema, "input", components) as { properties?: Json; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s as Json;
    return {
      name,
      in: where,
      required: where === "path" || (js.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** The OpenAPI document of the given operations. */
export function buildOpenApi<S, M>(
  routes: DocumentedRoute<S, M>[],
  opts: OpenApiOptions<M>,
): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  const errorRef = schemaOf(errorSchema, "output", components);
  for (const { method, pattern, operation: op } of routes) {
    const extra = opts.describe?.(op.meta) ?? {};
    const oaPath = pattern.replace(/:(\w+)/g, "{$1}");
    const pathNames = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const pathParams = op.params
      ? parameters(components, "path", op.params)
      : pathNames.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
    const queryParams = parameters(components, "query", op.query);
    const content: Json = {};
    if (op.body?.json) {
      content["application/json"] = { schema: schemaOf(op.body.json, "input", components) };
    }
    for (const [type, description] of Object.entries(op.body?.other ?? {})) {
      content[type] = { schema: { type: "string", description } };
    }
    const responses: Json = {};
    for (const status of successStatuses(op)) {
      const r = op.responses[status];
      const binary = (type: string) => /^application\/(octet-stream|zip)$/.test(type);
      const raw = (type: string, description?: string) => ({
        schema: {
          type: "string",
          ...(binary(type) ? { contentMediaType: type } : {}),
          ...(description ? { description } : {}),
        },
      });
      // JSON, another media type, or both (e.g. a forecast as JSON or `?format=csv`).
      const body: Json | undefined = r.schema || r.contentType
        ? {
          ...(r.schema
            ? { "application/json": { schema: schemaOf(r.schema, "output", components) } }
            : {}),
          ...(r.contentType ? { [r.contentType]: raw(r.contentType) } : {}),
        }
        : undefined;
      for (const [type, description] of Object.entries(r.other ?? {})) {
        if (body) body[type] = raw(type, description);
      }
      responses[String(status)] = {
        description: r.description ?? (status === 204 ? "No content" : "OK"),
        ...(body ? { content: body } : {}),
      };
    }
    const automatic = [
      ...(op.body?.json || op.body?.other ? [400, 413, 415, 422] : []),
      ...(op.query || op.params ? [422] : []),
    ];
    const errors = [...new Set([...(op.errors ?? []), ...(extra.errors ?? []), ...automatic])]
      .sort();
    for (const status of errors) {
      responses[String(status)] = {
        description: reasons[status] ?? "Error",
        content: { "application/json": { schema: errorRef } },
      };
    }
    (paths[oaPath] ??= {})[method.toLowerCase()] = {
      operationId: op.operationId ?? operationIdOf(method, pattern),
      summary: op.summary,
      ...(op.description || extra.description
        ? { description: [op.description, extra.description].filter(Boolean).join("\n\n") }
        : {}),
      ...(op.tags ? { tags: op.tags } : {}),
      ...(extra.security ? { security: extra.security } : {}),
      ...(pathParams.length || queryParams.length
        ? { parameters: [...pathParams, ...queryParams] }
        : {}),
      ...(Object.keys(content).length
        ? { requestBody: { required: op.body?.required ?? true, content } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: opts.info,
    servers: [{ url: "/" }],
    ...(opts.security ? { security: opts.security } : {}),
    paths,
    components: {
      schemas: components,
      ...(opts.securitySchemes ? { securitySchemes: opts.securitySchemes } : {}),
    },
  };
}
