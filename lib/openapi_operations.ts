/** The documented operations: the zod schemas each API route validates with and answers. */
import { z } from "zod";
import { hospitalCreate, hospitalOut, hospitalPatch } from "./schemas/hospitals.ts";
import { eventCreate, eventOut, eventPatch } from "./schemas/events.ts";
import { ingestResult, observationsBody, seriesQuery } from "./schemas/observations.ts";
import { encountersBody } from "./schemas/encounters.ts";
import {
  apiKeyCreate,
  apiKeyOut,
  loginBody,
  meOut,
  orgCreate,
  refreshBody,
  tokenPair,
  userCreate,
  userOut,
  userPatch,
} from "./schemas/accounts.ts";
import { planOut, planQuery, recommendationOut, recommendationPatch } from "./schemas/plans.ts";

export interface Operation {
  method: string;
  /** The lib/access.ts pattern (`/api/hospitals/:id`). */
  path: string;
  summary: string;
  body?: z.ZodType;
  /** Description of a text/csv body, when accepted. */
  csv?: string;
  fhir?: boolean;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  responseDescription?: string;
}

const verify = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadId: z.number().int().nullable(),
})
  .meta({ id: "AuditVerify" });

export const apiOperations: Operation[] = [
  {
    method: "POST",
    path: "/api/auth/login",
    summary: "Sign in",
    body: loginBody,
    response: tokenPair,
  },
  {
    method: "POST",
    path: "/api/auth/refresh",
    summary: "Rotate a refresh token",
    body: refreshBody,
    response: tokenPair,
  },
  { method: "POST", path: "/api/auth/logout", summary: "End the session", status: 204 },
  { method: "GET", path: "/api/me", summary: "The signed-in user", response: meOut },
  {
    method: "POST",
    path: "/api/orgs",
    summary: "Create an organisation and its admin",
    body: orgCreate,
    status: 201,
  },
  {
    method: "GET",
    path: "/api/users",
    summary: "Users of the organisation",
    response: z.array(userOut),
  },
  {
    method: "POST",
    path: "/api/users",
    summary: "Add a user",
    body: userCreate,
    response: userOut,
    status: 201,
  },
  {
    method: "PATCH",
    path: "/api/users/:id",
    summary: "Change role, disable, set password",
    body: userPatch,
    response: userOut,
  },
  {
    method: "GET",
    path: "/api/api-keys",
    summary: "API keys (without secrets)",
    response: z.array(apiKeyOut),
  },
  {
    method: "POST",
    path: "/api/api-keys",
    summary: "Create an API key (shown once)",
    body: apiKeyCreate,
    response: apiKeyOut,
    status: 201,
  },
  {
    method: "DELETE",
    path: "/api/api-keys/:id",
    summary: "Revoke an API key",
    response: apiKeyOut,
  },
  { method: "GET", path: "/api/hospitals", summary: "Hospitals", response: z.array(hospitalOut) },
  {
    method: "POST",
    path: "/api/hospitals",
    summary: "Register a hospital",
    body: hospitalCreate,
    response: hospitalOut,
    status: 201,
  },
  {
    method: "GET",
    path: "/api/hospitals/:id",
    summary: "One hospital (own id or uuid)",
    response: hospitalOut,
  },
  {
    method: "PATCH",
    path: "/api/hospitals/:id",
    summary: "Change a hospital",
    body: hospitalPatch,
    response: hospitalOut,
  },
  { method: "GET", path: "/api/events", summary: "Events", response: z.array(eventOut) },
  {
    method: "POST",
    path: "/api/events",
    summary: "Register an event",
    body: eventCreate,
    response: eventOut,
    status: 201,
  },
  { method: "GET", path: "/api/events/:id", summary: "One event", response: eventOut },
  {
    method: "PATCH",
    path: "/api/events/:id",
    summary: "Change an event",
    body: eventPatch,
    response: eventOut,
  },
  { method: "DELETE", path: "/api/events/:id", summary: "Delete an event", status: 204 },
  {
    method: "POST",
    path: "/api/observations",
    summary: "Upload hourly aggregates (JSON or CSV; Idempotency-Key; ?partial=true)",
    body: observationsBody,
    csv: "Header hospitalId,ts,edArrivals,ambulanceArrivals,edOccupancy,bedsAvailable; up to 50 MB",
    response: ingestResult,
  },
  {
    method: "POST",
    path: "/api/encounters",
    summary: "Upload ED encounters (JSON, CSV or FHIR R4 Bundle); identifiers are pseudonymised",
    body: encountersBody,
    csv: "Header: the EncounterRecord field names",
    fhir: true,
    response: ingestResult,
  },
  {
    method: "GET",
    path: "/api/hospitals/:id/observations",
    summary: "Arrival time series",
    query: seriesQuery,
  },
  {
    method: "GET",
    path: "/api/plans/latest",
    summary: "A hospital's latest action plan (built now when it has none yet)",
    query: planQuery,
    response: planOut,
  },
  {
    method: "PATCH",
    path: "/api/recommendations/:id",
    summary: "Accept, dismiss or close a recommendation",
    body: recommendationPatch,
    response: recommendationOut,
  },
  {
    method: "GET",
    path: "/api/audit/verify",
    summary: "Check the audit hash chain",
    response: verify,
  },
];
