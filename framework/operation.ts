/** Runs one API operation: validates its inputs with its schemas and serialises its result. */
import type { Context } from "hono";
import type { z } from "zod";
import { readJson, readQuery, validationFailed, zodDetails } from "./validation.ts";
import type { Env, Method, Operation } from "./types.ts";
import { withBudget } from "./budget.ts";

/** Success statuses of an operation, in declaration order. */
export function successStatuses(op: { responses: Record<number, unknown> }): number[] {
  return Object.keys(op.responses).map(Number).filter((s) => s >= 200 && s < 400);
}

/** `GET /api/hospitals/:id/forecast` → `getHospitalsByIdForecast`. */
export function operationIdOf(method: Method, pattern: string): string {
  const words = pattern.split("/").filter((s) => s && s !== "api").map((s) =>
    s.startsWith(":") ? `By-${s.slice(1)}` : s
  );
  const pascal = words.join("-").split(/[^A-Za-z0-9]+/).filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return method.toLowerCase() + pascal;
}

function validateParams(schema: z.ZodType, raw: Record<string, string>) {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(zodDetails(parsed.error, ["params"]));
  return parsed.data;
}

/** Validates params, query and JSON body, calls the handler and turns its value into JSON. */
export async function runOperation<S, M>(
  // deno-lint-ignore no-explicit-any
  op: Operation<S, M, any, any, any>,
  c: Context<Env<S>>,
  url: URL,
  rawParams: Record<string, string>,
  defaultBudgetMs?: number,
): Promise<Response> {
  const req = c.req.raw;
  const params = op.params ? validateParams(op.params, rawParams) : rawParams;
  const query = op.query ? readQuery(url, op.query) : undefined;
  const body = op.body?.json && !op.body.stream
    ? await readJson(req, op.body.json, op.body.maxBytes)
    : undefined;
  const budget = op.budgetMs ?? (op.body?.stream ? false : defaultBudgetMs ?? false);
  const call = (signal: AbortSignal) =>
    Promise.resolve(op.handler({
      req,
      url,
      state: c.get("state"),
      hono: c,
      params,
      query,
      body,
      signal,
    }));
  const result = budget ? await withBudget(budget, call) : await call(new AbortController().signal);
  if (result instanceof Response) return result;
  const [status = 200] = successStatuses(op);
  if (status === 204 || result === undefined) return new Response(null, { status: 204 });
  return Response.json(result, { status });
}
