// `patwarden demo` (= `npm run demo`): see bot/demo.ts.
import { runDemo } from "../demo.ts";
import { InvalidInput } from "../../model/errors.ts";
import { parseFlags } from "./args.ts";
import type { Command } from "./context.ts";
import { parseOrgSpecs } from "./simulate.ts";
import { parsePort } from "./start.ts";

export const demoCommand: Command = {
  name: "demo",
  summary: "simulator + embedded database + sync + server, in one command",
  usage: "patwarden demo",
  help: `Usage: patwarden demo [--port 3000] [--sim-port 3001] [--org LOGIN:GRANTS …] [--no-dashboard] [--reset]

Runs everything with no GitHub App: the GitHub simulator (SIM_PORT, default 3001) with the orgs
acme (2,000 grants) and globex (150), the embedded database in .data/pglite, a full sync, and the
server on HOST:PORT (default 127.0.0.1:3000) with webhooks delivered by the simulator. Ctrl-C stops it.
Re-running resumes: the database, and the simulated GitHub's world in .data/simulator/world.json
(grants revoked and requests approved stay so).
  --reset    start the simulated GitHub afresh (the database keeps its history; the first sync
             brings it in step)
`,
  forwardable: false,
  async run(ctx, args) {
    const { values } = parseFlags({
      args,
      options: { port: { type: "string" }, "sim-port": { type: "string" }, org: { type: "string", multiple: true }, "no-dashboard": { type: "boolean" }, reset: { type: "boolean" } },
    });
    const port = parsePort(String(values.port ?? ctx.rawEnv.PORT ?? "3000"), values.port === undefined ? "PORT" : "--port");
    const simPort = parsePort(String(values["sim-port"] ?? ctx.rawEnv.SIM_PORT ?? "3001"), values["sim-port"] === undefined ? "SIM_PORT" : "--sim-port");
    if (port !== 0 && port === simPort) throw new InvalidInput("--sim-port", `must differ from the server port ${port}`);
    return runDemo({
      ctx,
      opts: { port, simPort, orgs: values.org ? parseOrgSpecs(values.org as string[]) : undefined, dashboard: !values["no-dashboard"], reset: values.reset === true },
    });
  },
};
