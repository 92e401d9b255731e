// `patwarden setup`: creates the GitHub App from app.yml through GitHub's manifest flow, then
// writes its credentials to .env and .data/app-<id>.pem. Runs in the caller's terminal only.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GitHubUnavailable, InvalidInput } from "../../model/errors.ts";
import { assertNoApp, buildManifest, ConversionSchema, manifestPage, writeCredentials, type Conversion } from "../setup/manifest.ts";
import { parseFlags } from "./args.ts";
import { EXIT, type CliContext, type Command } from "./context.ts";
import { parsePort } from "./start.ts";

const HELP = `Usage: patwarden setup [--org LOGIN] [--port N] [--public-url URL] [--out .env] [--force]

Creates the GitHub App from app.yml in one step (GitHub's App-manifest flow):
  1. open the local URL it prints; your browser posts the manifest to GitHub (or GHES when
     GHE_HOST is set) — with --org the App is owned by that organization;
  2. confirm on GitHub; GitHub sends you back here and the App's credentials are written:
     the key to .data/app-<id>.pem and APP_ID, PRIVATE_KEY_PATH, WEBHOOK_SECRET,
     GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, SESSION_SECRET to --out (both mode 0600).
  --public-url  where GitHub reaches this server (webhooks, sign-in); default http://localhost:PORT
  --port        local port for the setup page (default 0: any free port)
  --out FILE    the env file to write or merge into (default .env). --env-file FILE is the same,
                but Node 20 reads that flag itself and stops when FILE does not exist yet
  --force       replace an APP_ID already in the env file
No secret is printed.
`;

type Flags = { org?: string; port: number; publicUrl: string; envFile: string; force: boolean };

function readFlags(ctx: CliContext, args: string[]): Flags {
  const { values } = parseFlags({
    args,
    options: { org: { type: "string" }, port: { type: "string" }, "public-url": { type: "string" }, "env-file": { type: "string" }, out: { type: "string" }, force: { type: "boolean" } },
  });
  const publicUrl = String(values["public-url"] ?? `http://localhost:${ctx.env().PORT}`);
  let parsed: URL | undefined;
  try { parsed = new URL(publicUrl); } catch { /* reported below */ }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) throw new InvalidInput("--public-url", `expected an http(s) URL, got ${JSON.stringify(publicUrl)}`);
  const org = values.org === undefined ? undefined : String(values.org).trim();
  if (org !== undefined && !/^[A-Za-z0-9-]+$/.test(org)) throw new InvalidInput("--org", `expected an organization login, got ${JSON.stringify(values.org)}`);
  if (values.out !== undefined && values["env-file"] !== undefined && values.out !== values["env-file"]) throw new InvalidInput("--out", "and --env-file name different files; give one");
  const envFile = String(values.out ?? values["env-file"] ?? ".env");
  if (envFile.trim() === "") throw new InvalidInput("--out", "needs a file path");
  return { org, port: values.port === undefined ? 0 : parsePort(String(values.port)), publicUrl: parsed.origin + parsed.pathname.replace(/\/+$/, ""), envFile, force: Boolean(values.force) };
}

async function convert(apiBaseUrl: string, code: string): Promise<Conversion> {
  const res = await fetch(`${apiBaseUrl}/app-manifests/${encodeURIComponent(code)}/conversions`, {
    method: "POST",
    headers: { accept: "application/vnd.github+json", "user-agent": "patwarden-setup" },
  }).catch((e: Error) => { throw new GitHubUnavailable(`cannot reach ${apiBaseUrl}: ${e.message}`); });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message = (body as { message?: string } | undefined)?.message ?? res.statusText;
    throw new GitHubUnavailable(`GitHub answered ${res.status} to the manifest conversion: ${message}`);
  }
  const parsed = ConversionSchema.safeParse(body);
  if (!parsed.success) throw new GitHubUnavailable("GitHub's manifest conversion answer is missing the App's credentials");
  return parsed.data;
}

function page(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
}

export const setupCommand: Command = {
  name: "setup",
  summary: "create the GitHub App from app.yml (manifest flow) and write .env",
  usage: "patwarden setup [--org LOGIN] [--public-url URL]",
  help: HELP,
  forwardable: false,
  async run(ctx, args) {
    const flags = readFlags(ctx, args);
    const env = ctx.env();
    assertNoApp({ envFile: flags.envFile, force: flags.force });
    const state = randomBytes(16).toString("hex");
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(flags.port, "127.0.0.1", resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const manifest = buildManifest({ appYml: readFileSync("app.yml", "utf8"), publicUrl: flags.publicUrl, redirectUrl: `${local}/setup/callback` });
    const action = `${env.webBaseUrl}${flags.org ? `/organizations/${flags.org}` : ""}/settings/apps/new?state=${state}`;
    try {
      const written = await new Promise<ReturnType<typeof writeCredentials> & { conversion: Conversion }>((resolve, reject) => {
        ctx.signal.addEventListener("abort", () => reject(new GitHubUnavailable("stopped before GitHub sent the App back; nothing was written")), { once: true });
        server.on("request", (req: IncomingMessage, res: ServerResponse) => {
          const url = new URL(req.url ?? "/", local);
          if (req.method === "GET" && url.pathname === "/") return page(res, 200, manifestPage({ action, manifest }));
          if (req.method !== "GET" || url.pathname !== "/setup/callback") return page(res, 404, "Not found");
          const code = url.searchParams.get("code");
          if (url.searchParams.get("state") !== state || !code) return page(res, 400, "This link does not belong to this setup run (state mismatch); start again from the page patwarden printed.");
          convert(env.apiBaseUrl, code).then((conversion) => {
            const w = writeCredentials({ conversion, envFile: flags.envFile, dataDir: ctx.dataDir, gheHost: env.GHE_HOST, gheProtocol: env.GHE_HOST ? env.GHE_PROTOCOL : undefined });
            page(res, 200, "<p>The App was created and its credentials written. You can close this tab and return to the terminal.</p>");
            resolve({ ...w, conversion });
          }).catch((e: Error) => { page(res, 502, "Creating the App failed; see the terminal."); reject(e); });
        });
        ctx.out(`Open ${local}/ in your browser to create the GitHub App "${manifest.name}" on ${env.webBaseUrl}${flags.org ? ` for ${flags.org}` : ""}.\nWaiting for GitHub to send you back… (Ctrl-C to stop)\n`);
      });
      const { conversion, names, pemPath } = written;
      const appPage = conversion.html_url ?? `${env.webBaseUrl}/settings/apps/${conversion.slug ?? ""}`;
      ctx.out([
        `Created the GitHub App ${conversion.slug ?? manifest.name} (id ${conversion.id}).`,
        `Wrote ${pemPath} (private key) and ${flags.envFile}: ${names.join(", ")}.`,
        "Next steps:",
        `  1. Install the App on your organization: ${appPage}/installations/new`,
        "  2. npx patwarden start",
        "",
      ].join("\n"));
      return EXIT.ok;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  },
};
