// What a route file declares and what its handler receives.
import type { IncomingMessage } from "node:http";
import type { Principal } from "./auth.ts";
import type { SimResponse } from "./http-util.ts";
import type { SimOrg, SimState } from "./types.ts";

export type RouteContext = {
  state: SimState;
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The query string exactly as the client sent it, without "?". */
  rawQuery: string;
  /** This path as an absolute URL in the client's style (with or without /api/v3), for Link headers. */
  selfUrl: string;
  principal: Principal | null;
  /** Resolved from :org or :org_id and already authorised for the caller. */
  org: SimOrg | null;
  body: Record<string, unknown>;
  /** Fire-and-forget webhook delivery (REST reviews notify like GitHub does). */
  notify(event: string, payload: unknown): void;
};

export type Route = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** "/orgs/:org/personal-access-tokens/:pat_id" */
  path: string;
  /** jwt: App JWT only; token: installation or user token; user: user token only; optional: anything or nothing. */
  auth: "jwt" | "token" | "user" | "optional";
  /** GitHub App permission the installation (or user-to-server token) needs. */
  permission?: { name: string; level: "read" | "write" };
  /** Costs no rate limit (GET /rate_limit). */
  free?: boolean;
  docs: string;
  handle(ctx: RouteContext): SimResponse | Promise<SimResponse>;
};
