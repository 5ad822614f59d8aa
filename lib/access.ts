/**
 * Who may call a route: each route declares its rule beside its handler (`meta.access`), built
 * from these groups; lib/route_policy.ts enforces it.
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
  apiKeyScope?: "ingest" | "read_status";
}

export const anyone: Access = { public: true };
export const everyone: Access = { roles };
export const admins: Access = { roles: ["admin"] };
export const planners: Access = { roles: ["admin", "coordinator"] };
export const eventEditors: Access = { roles: ["admin", "coordinator", "organizer"] };
export const ingesters: Access = { roles: ["admin", "coordinator"], apiKeyScope: "ingest" };
export const platformAdminOnly: Access = { platformAdmin: true };
/** Status documents (EDXL-HAVE, CAP): every user, and boards polling with a read_status key. */
export const statusReaders: Access = { roles, apiKeyScope: "read_status" };
