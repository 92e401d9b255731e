// The App manifest (app.yml + our URLs), the page that posts it to GitHub, and the env file the
// conversion's credentials are written to. Pure helpers; the flow lives in bot/cli/setup.ts.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { Conflict, InvalidInput } from "../../model/errors.ts";

const AppYml = z.object({
  name: z.string().min(1),
  url: z.string().url(),
  description: z.string().optional(),
  public: z.boolean().default(false),
  default_permissions: z.record(z.string(), z.string()),
  default_events: z.array(z.string()).default([]),
});

export type Manifest = z.infer<typeof AppYml> & {
  hook_attributes: { url: string };
  redirect_url: string;
  callback_urls: string[];
};

export function buildManifest({ appYml, publicUrl, redirectUrl }: { appYml: string; publicUrl: string; redirectUrl: string }): Manifest {
  const parsed = AppYml.safeParse(parse(appYml));
  if (!parsed.success) throw new InvalidInput("app.yml", `${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
  const base = publicUrl.replace(/\/+$/, "");
  return { ...parsed.data, hook_attributes: { url: `${base}/api/github/webhooks` }, redirect_url: redirectUrl, callback_urls: [`${base}/api/auth/callback`] };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An auto-submitting form: GitHub's manifest flow must start with a POST from the browser. */
export function manifestPage({ action, manifest }: { action: string; manifest: Manifest }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Create the patwarden GitHub App</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">
<p>Sending you to GitHub to create the App “${escapeHtml(manifest.name)}”…</p>
<button type="submit">Continue to GitHub</button>
</form></body></html>`;
}

export const ConversionSchema = z.object({
  id: z.number().int(),
  slug: z.string().optional(),
  pem: z.string().min(1),
  webhook_secret: z.string().nullable(),
  client_id: z.string(),
  client_secret: z.string(),
  html_url: z.string().optional(),
});
export type Conversion = z.infer<typeof ConversionSchema>;

/** Reads KEY=VALUE lines, keeping their order; comments and blank lines are preserved as-is. */
function readEnvLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split(/\r?\n/).filter((l, i, all) => !(i === all.length - 1 && l === "")) : [];
}

const keyOf = (line: string) => /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];

/** Fails before anything is created when the env file already names an App (unless forced). */
export function assertNoApp({ envFile, force }: { envFile: string; force: boolean }): void {
  const existing = readEnvLines(envFile).find((l) => keyOf(l) === "APP_ID" && !/=\s*$/.test(l));
  if (existing && !force) throw new Conflict(`${envFile} already sets APP_ID; pass --force to replace it with the new App`);
}

/** Writes the PEM (0600) and merges the credentials into the env file (0600). Returns the names written. */
export function writeCredentials({ conversion, envFile, dataDir, gheHost, gheProtocol }: {
  conversion: Conversion; envFile: string; dataDir: string; gheHost?: string; gheProtocol?: string;
}): { pemPath: string; names: string[] } {
  mkdirSync(dataDir, { recursive: true });
  const pemPath = path.resolve(dataDir, `app-${conversion.id}.pem`);
  writeFileSync(pemPath, conversion.pem, { mode: 0o600 });
  chmodSync(pemPath, 0o600); // writeFileSync keeps an existing file's mode
  const lines = readEnvLines(envFile);
  const values: Record<string, string> = {
    APP_ID: String(conversion.id),
    PRIVATE_KEY_PATH: pemPath,
    WEBHOOK_SECRET: conversion.webhook_secret ?? "",
    GITHUB_CLIENT_ID: conversion.client_id,
    GITHUB_CLIENT_SECRET: conversion.client_secret,
  };
  const hasSession = lines.some((l) => keyOf(l) === "SESSION_SECRET" && !/=\s*$/.test(l));
  if (!hasSession) values.SESSION_SECRET = randomBytes(48).toString("base64url");
  if (gheHost) Object.assign(values, { GHE_HOST: gheHost, GHE_PROTOCOL: gheProtocol ?? "https" });
  const done = new Set<string>();
  const merged = lines.map((l) => {
    const k = keyOf(l);
    if (!k || !(k in values)) return l;
    done.add(k);
    return `${k}=${quote(values[k]!)}`;
  });
  for (const [k, v] of Object.entries(values)) if (!done.has(k)) merged.push(`${k}=${quote(v)}`);
  writeFileSync(envFile, `${merged.join("\n")}\n`, { mode: 0o600 });
  chmodSync(envFile, 0o600);
  return { pemPath, names: Object.keys(values) };
}

/** Plain values stay bare; anything with spaces, quotes or # is double-quoted for dotenv. */
const quote = (v: string) => (/^[\w./:@+-]*$/.test(v) ? v : JSON.stringify(v));
