// With Postgres unreachable, a command says where and why in one line and exits 1: never the
// failed statement (its SQL and parameters) and never a stack trace.
import { expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

it("DATABASE_URL at a closed port: 'database unreachable at host:port (connection refused)', exit 1", async () => {
  const r = await runCli(["grants", "--org", "acme", "--owner", "some-owner"], {
    env: { DATABASE_URL: "postgres://postgres:hunter2@127.0.0.1:1/patwarden", PATWARDEN_DATA_DIR: "/nonexistent-h4" },
  });
  expect(r.code).toBe(1);
  expect(r.err).toBe("error: database unreachable at 127.0.0.1:1 (connection refused); check that it runs and that DATABASE_URL points at it\n");
  expect(r.out).toBe("");
});
