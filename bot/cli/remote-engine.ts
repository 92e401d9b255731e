// In embedded mode only one process may open PGlite: when `start` or `demo` holds it, a CLI
// invocation calls that process's engine instead, verb by verb, over its loopback-only bridge
// (bot/server/internal-engine.ts). The object returned has the Engine's shape, so a command does
// not know whether its engine is here or there.
import { request } from "node:http";
import type { Engine } from "../engine.ts";
import { decodeWire, encodeWire, fromWireError, type WireReply } from "../engine-wire.ts";
import type { ServerState } from "../server/state-file.ts";

/** Nothing listens on the state file's port any more (the server is gone; its file is stale). */
export class ServerUnreachable extends Error {}

/**
 * node:http rather than fetch: a bridged sync can take minutes before the answer's headers,
 * longer than fetch's built-in headers timeout.
 */
function post(state: ServerState, verb: string, input: unknown): Promise<unknown> {
  const body = encodeWire({ verb, input });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: state.port,
        path: "/api/internal/engine",
        method: "POST",
        headers: { authorization: `Bearer ${state.token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode !== 200) {
            return reject(new Error(`the patwarden server (pid ${state.pid}) refused the command (${res.statusCode}); restart it, or set DATABASE_URL`));
          }
          let reply: WireReply;
          try {
            reply = decodeWire(Buffer.concat(chunks).toString("utf8")) as WireReply;
          } catch {
            return reject(new Error("the patwarden server answered with something unexpected"));
          }
          if (reply.ok) resolve(reply.result);
          else reject(fromWireError(reply.error));
        });
        res.on("error", (err) => reject(new Error(`the connection to the patwarden server broke: ${err.message}`)));
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") reject(new ServerUnreachable(`nothing listens on port ${state.port}`));
      else reject(new Error(`the patwarden server (pid ${state.pid}) holds the embedded database but did not answer on port ${state.port}: ${err.message}`));
    });
    req.end(body);
  });
}

/** The server's engine, or null when the state file is stale (nothing listens there). */
export async function connectRemoteEngine(state: ServerState): Promise<Engine | null> {
  try {
    await post(state, "ops.ping", {});
  } catch (e) {
    if (e instanceof ServerUnreachable) return null;
    throw e;
  }
  const capability = (name: string) =>
    new Proxy({}, { get: (_t, verb) => (typeof verb === "string" && verb !== "then" ? (input: unknown) => post(state, `${name}.${verb}`, input ?? {}) : undefined) });
  return new Proxy({} as Engine, { get: (_t, name) => (typeof name === "string" && name !== "then" ? capability(name) : undefined) });
}
