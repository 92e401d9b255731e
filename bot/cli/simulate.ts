// `patwarden simulate`: the GitHub simulator on its own, for trying patwarden without a GitHub App.
import type { SimOrgSpec } from "../../simulator/index.ts";
import { DEMO_ORGS } from "../../simulator/demo-world.ts";
import { runSimulator } from "../../simulator/serve.ts";
import { InvalidInput } from "../../model/errors.ts";
import { parseFlags } from "./args.ts";
import { EXIT, type Command } from "./context.ts";
import { plural } from "../../model/words.ts";
import path from "node:path";
import { parsePort } from "./start.ts";

const HELP = `Usage: patwarden simulate [--port 3001] [--seed N] [--org LOGIN:GRANTS …] [--webhook-url URL] [--reset]

Starts the GitHub simulator (App auth, the PAT endpoints, members, webhooks, OAuth) and writes
.data/simulator/simulator.env with the settings patwarden needs to talk to it. Stays up until Ctrl-C.
Its world (grants, requests, files, issues) is kept in .data/simulator/world.json and resumed
on the next start with the same orgs and seed.
  --reset               start from a freshly generated world
  --org acme:2000       an org and its number of grants (repeatable; default acme:2000 globex:150)
  --seed N              deterministic data (default 1)
  --webhook-url URL     where to deliver webhooks (e.g. http://127.0.0.1:3000/api/github/webhooks)
`;

export function parseOrgSpecs(values: string[]): SimOrgSpec[] {
  return values.map((v) => {
    const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?::(\d+))?$/.exec(v.trim());
    if (!m) throw new InvalidInput("--org", `expected LOGIN:GRANTS such as acme:2000, got ${JSON.stringify(v)}`);
    const grants = m[2] === undefined ? 100 : Number(m[2]);
    if (grants > 1_000_000) throw new InvalidInput("--org", `at most 1000000 grants per org, got ${grants}`);
    return { login: m[1]!, grants };
  });
}

export const simulateCommand: Command = {
  name: "simulate",
  summary: "run the GitHub simulator (no GitHub App needed)",
  usage: "patwarden simulate [--port 3001]",
  help: HELP,
  forwardable: false,
  async run(ctx, args) {
    const { values } = parseFlags({
      args,
      options: { port: { type: "string" }, seed: { type: "string" }, org: { type: "string", multiple: true }, "webhook-url": { type: "string" }, reset: { type: "boolean" } },
    });
    const port = parsePort(String(values.port ?? "3001"));
    const seedText = String(values.seed ?? "1");
    if (!/^\d+$/.test(seedText)) throw new InvalidInput("--seed", `expected a whole number, got ${JSON.stringify(seedText)}`);
    const orgs = values.org ? parseOrgSpecs(values.org as string[]) : DEMO_ORGS;
    const webhookUrl = values["webhook-url"] === undefined ? undefined : String(values["webhook-url"]);
    if (webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(webhookUrl)) throw new InvalidInput("--webhook-url", `expected an http(s) URL, got ${JSON.stringify(webhookUrl)}`);
    const sim = await runSimulator({ port, seed: Number(seedText), orgs, webhookUrl, stateDir: path.join(ctx.dataDir, "simulator"), reset: values.reset === true });
    const world = sim.simulator.world!;
    const summary = orgs.map((o) => `${o.login} (${plural(o.grants, "grant")})`).join(", ");
    ctx.out([
      `GitHub simulator running at ${sim.simulator.url} (API ${sim.simulator.apiUrl}) with ${summary}.`,
      ...(world.note ? [world.note] : []),
      `${world.restored ? "Resumed the world" : "World"} kept in ${world.file} (--reset starts afresh).`,
      "",
      "Point patwarden at it (in another terminal):",
      `  set -a; . ${sim.envPath}; set +a`,
      "  npx patwarden sync",
      "  npx patwarden start     # then deliver webhooks to it:",
      `  curl -X POST ${sim.simulator.url}/_sim/webhook-url -H 'content-type: application/json' -d '{"url":"http://127.0.0.1:3000/api/github/webhooks"}'`,
      "",
      "Ctrl-C stops the simulator.",
      "",
    ].join("\n"));
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await sim.simulator.close();
    return EXIT.ok;
  },
};
