// GitHub's "create a GitHub App from a manifest" flow. The web step (POST /settings/apps/new or
// /organizations/{org}/settings/apps/new, form field `manifest`) shows a confirm page and then
// redirects to the manifest's redirect_url with a one-time code (`?auto=1` redirects at once);
// POST /app-manifests/{code}/conversions trades the code (once, within 1 h) for the App's
// credentials. The simulator has one App: the conversion returns its credentials with the
// manifest's name, permissions, events and webhook URL applied (to the App and every installation).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { notFound, type SimResponse } from "./http-util.ts";
import { escapeHtml, html } from "./oauth.ts";
import { renderApp } from "./render-app.ts";
import type { Route, RouteContext } from "./route-types.ts";
import type { SimState } from "./types.ts";

const CODE_TTL_MS = 3_600_000;
const DOCS = "https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest";

export const ManifestSchema = z.object({
  name: z.string().min(1).max(34).optional(),
  url: z.string().url(),
  hook_attributes: z.object({ url: z.string().url(), active: z.boolean().default(true) }).optional(),
  redirect_url: z.string().url(),
  callback_urls: z.array(z.string().url()).max(10).optional(),
  setup_url: z.string().url().optional(),
  description: z.string().optional(),
  public: z.boolean().optional(),
  default_permissions: z.record(z.string(), z.enum(["read", "write", "admin"])).optional(),
  default_events: z.array(z.string()).optional(),
  request_oauth_on_install: z.boolean().optional(),
  setup_on_update: z.boolean().optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** The web page: `path` is /settings/apps/new or /organizations/{org}/settings/apps/new. */
export function handleManifestForm(args: { state: SimState; url: URL; bodyText: string; contentType: string }): SimResponse {
  const { state, url } = args;
  const form = args.contentType.includes("application/json") ? safeJsonForm(args.bodyText) : new URLSearchParams(args.bodyText);
  const org = /^\/organizations\/([^/]+)\//.exec(url.pathname)?.[1];
  if (org !== undefined && !state.orgs.has(decodeURIComponent(org).toLowerCase())) return html(404, "Organization not found", `<p>No simulated organization ${escapeHtml(org)}.</p>`);
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(form.get("manifest") ?? ""));
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : "manifest is not JSON";
    return html(422, "Invalid GitHub App manifest", `<p>${escapeHtml(detail)}</p>`);
  }
  const stateParam = url.searchParams.get("state") ?? form.get("state");
  if (form.get("confirm") !== "1" && url.searchParams.get("auto") !== "1") {
    const fields = `<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}"><input type="hidden" name="confirm" value="1">`;
    const perms = Object.entries(manifest.default_permissions ?? {}).map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`).join("");
    const body = `<p>Create <strong>${escapeHtml(manifest.name ?? state.app.name)}</strong>${org ? ` for ${escapeHtml(org)}` : ""}?</p><ul>${perms}</ul>` +
      `<form method="post" action="${escapeHtml(url.pathname + url.search)}">${fields}<button type="submit">Create GitHub App</button></form>`;
    return html(200, "Create GitHub App", body);
  }
  const code = randomBytes(20).toString("hex");
  state.manifestCodes.set(code, { manifest, expiresAt: state.now().getTime() + CODE_TTL_MS });
  const target = new URL(manifest.redirect_url);
  target.searchParams.set("code", code);
  if (stateParam) target.searchParams.set("state", stateParam);
  return { status: 302, headers: { location: target.toString() }, text: { contentType: "text/html; charset=utf-8", content: "" } };
}

function safeJsonForm(text: string): URLSearchParams {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return new URLSearchParams(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  } catch {
    return new URLSearchParams();
  }
}

function convert(ctx: RouteContext): SimResponse {
  const { state } = ctx;
  const code = ctx.params.code ?? "";
  const entry = state.manifestCodes.get(code);
  state.manifestCodes.delete(code);
  if (!entry || entry.expiresAt <= state.now().getTime()) throw notFound(DOCS);
  const m = entry.manifest as Manifest;
  if (m.name) state.app.name = m.name;
  if (m.default_permissions) state.app.permissions = { ...m.default_permissions };
  if (m.default_events) state.app.events = [...m.default_events];
  for (const org of state.orgs.values()) {
    org.installation.permissions = { ...state.app.permissions };
    org.installation.events = [...state.app.events];
  }
  if (m.hook_attributes) state.webhookUrl = m.hook_attributes.active ? m.hook_attributes.url : null;
  const { app } = state;
  return {
    status: 201,
    body: { ...renderApp(state), client_id: app.clientId, client_secret: app.clientSecret, webhook_secret: app.webhookSecret, pem: app.privateKey },
  };
}

export const manifestRoutes: Route[] = [
  { method: "POST", path: "/app-manifests/:code/conversions", auth: "optional", docs: DOCS, handle: convert },
];
