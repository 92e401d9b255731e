// SAML SSO credential authorizations (GHEC only, github-pat-api.md §4): the list, the single
// remove, and the newer org bulk revokes. An org without SSO answers 404 on all of them, as
// GitHub.com without Enterprise Cloud, an org without SAML and GHES do.
import { basicError, linkHeader, notFound, pageOf, parsePaging, type SimResponse } from "../http-util.ts";
import { removeCredential, removeCredentialsWhere } from "../operations.ts";
import { renderCredential } from "../render-credential.ts";
import type { Route, RouteContext } from "../route-types.ts";
import type { SimCredential, SimCredentialType, SimOrg } from "../types.ts";

const DOCS = "https://docs.github.com/enterprise-cloud@latest/rest/orgs/orgs";
const LIST_DOCS = `${DOCS}#list-saml-sso-authorizations-for-an-organization`;
const REMOVE_DOCS = `${DOCS}#remove-a-saml-sso-authorization-for-an-organization`;
const ALL_DOCS = `${DOCS}#revoke-all-credential-authorizations-for-an-organization`;
const TYPE_DOCS = `${DOCS}#revoke-a-single-credential-type-for-an-organization`;
const USER_DOCS = `${DOCS}#revoke-credential-authorizations-for-a-user-in-an-organization`;
const USER_TYPE_DOCS = `${DOCS}#revoke-a-single-credential-type-for-a-user-in-an-organization`;
// The docs table gives org "Administration" (organization_administration): read to list, write to remove.
const READ = { name: "organization_administration", level: "read" } as const;
const WRITE = { name: "organization_administration", level: "write" } as const;

/** The revoke-credential-type enum and the listed type each removes (fine-grained PATs are never listed). */
const REVOKE_TYPES: Record<string, SimCredentialType | null> = { classic_pat: "personal access token", fine_grained_pat: null, ssh_key: "SSH key", oauth_app_token: "OAuth app token" };

function ssoOrg(ctx: RouteContext, docs: string): SimOrg {
  const org = ctx.org!;
  if (!org.sso) throw notFound(docs);
  return org;
}

function listCredentials(ctx: RouteContext): SimResponse {
  const org = ssoOrg(ctx, LIST_DOCS);
  const login = ctx.query.get("login");
  const all = org.credentials.all();
  const items = login ? all.filter((c) => ctx.state.users.get(c.ownerId)?.login.toLowerCase() === login.toLowerCase()) : all;
  const paging = parsePaging(ctx.query);
  const body = pageOf({ items, paging }).map((c) => renderCredential(ctx.state, c));
  // Whether GitHub sends Link here is unknown (§4.1): a switch, so clients are tested both ways.
  const link = ctx.state.behaviour.credentialLinks ? linkHeader({ base: ctx.selfUrl, rawQuery: ctx.rawQuery, paging, total: items.length }) : null;
  return { status: 200, body, headers: link ? { link } : {} };
}

function removeOne(ctx: RouteContext): SimResponse {
  const org = ssoOrg(ctx, REMOVE_DOCS);
  const id = Number(ctx.params.credential_id);
  if (!Number.isInteger(id) || !removeCredential(org, id)) throw notFound(REMOVE_DOCS);
  return { status: 204 };
}

/** The bulk revokes' App permission is unknown (§4.3): the credentialBulkRevoke switch decides for installations. */
function bulkOrg(ctx: RouteContext, docs: string): SimOrg {
  const org = ssoOrg(ctx, docs);
  if (ctx.principal?.kind === "installation" && ctx.state.behaviour.credentialBulkRevoke === "forbidden") {
    throw basicError({ status: 403, message: "Resource not accessible by integration", docs });
  }
  return org;
}

function typeFromBody(ctx: RouteContext, docs: string): SimCredentialType | null {
  const value = ctx.body.credential_type;
  if (typeof value !== "string" || !(value in REVOKE_TYPES)) {
    throw basicError({ status: 422, message: "The `credential_type` parameter is required and must be one of: classic_pat, fine_grained_pat, ssh_key, oauth_app_token", docs });
  }
  return REVOKE_TYPES[value]!;
}

function ownerOf(ctx: RouteContext, docs: string): number {
  const user = ctx.state.usersByLogin.get((ctx.params.username ?? "").toLowerCase());
  if (!user) throw notFound(docs);
  return user.id;
}

// GitHub queues these and answers 202; the simulator removes at once, before answering.
const accepted = (message: string): SimResponse => ({ status: 202, body: { message } });
const ofType = (type: SimCredentialType | null) => (c: SimCredential) => c.type === type;

export const credentialRoutes: Route[] = [
  { method: "GET", path: "/orgs/:org/credential-authorizations", auth: "token", permission: READ, docs: LIST_DOCS, handle: listCredentials },
  { method: "DELETE", path: "/orgs/:org/credential-authorizations/:credential_id", auth: "token", permission: WRITE, docs: REMOVE_DOCS, handle: removeOne },
  {
    method: "POST", path: "/orgs/:org/credential-authorizations/revoke-all", auth: "token", permission: WRITE, docs: ALL_DOCS,
    handle: (ctx) => {
      removeCredentialsWhere(bulkOrg(ctx, ALL_DOCS), () => true);
      return accepted("Credential authorization revocation has been queued");
    },
  },
  {
    method: "POST", path: "/orgs/:org/credential-authorizations/revoke-credential-type", auth: "token", permission: WRITE, docs: TYPE_DOCS,
    handle: (ctx) => {
      const org = bulkOrg(ctx, TYPE_DOCS);
      removeCredentialsWhere(org, ofType(typeFromBody(ctx, TYPE_DOCS)));
      return accepted("Credential type revocation has been queued");
    },
  },
  {
    method: "POST", path: "/orgs/:org/credential-authorizations/:username/revoke", auth: "token", permission: WRITE, docs: USER_DOCS,
    handle: (ctx) => {
      const org = bulkOrg(ctx, USER_DOCS);
      const ownerId = ownerOf(ctx, USER_DOCS);
      removeCredentialsWhere(org, (c) => c.ownerId === ownerId);
      return accepted(`Credential authorization revocation for user '${ctx.state.users.get(ownerId)!.login}' has been queued`);
    },
  },
  {
    method: "POST", path: "/orgs/:org/credential-authorizations/:username/revoke-credential-type", auth: "token", permission: WRITE, docs: USER_TYPE_DOCS,
    handle: (ctx) => {
      const org = bulkOrg(ctx, USER_TYPE_DOCS);
      const ownerId = ownerOf(ctx, USER_TYPE_DOCS);
      const type = typeFromBody(ctx, USER_TYPE_DOCS);
      removeCredentialsWhere(org, (c) => c.ownerId === ownerId && c.type === type);
      return accepted(`Credential type revocation for user '${ctx.state.users.get(ownerId)!.login}' has been queued`);
    },
  },
];
