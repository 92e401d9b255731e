// `patwarden revoke` over grants an unfinished job already holds: refused before any question,
// exit 2, naming the job and how to resume it; `--job` then finishes that job.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setJobStatus } from "../../db/queries/revocations.ts";
import { revocationJobs } from "../../db/schema.ts";
import { createRevocationJob } from "../../bot/revoke/index.ts";
import { runCli } from "../cli/run-cli.ts";
import { startStack, type Stack } from "../server/harness.ts";
import { activeGrantIds } from "./harness.ts";

let stack: Stack;
let orgId: number;

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 60, subsetShare: 0 }] });
  orgId = (await stack.org("acme")).id;
});
afterAll(() => stack?.close());

const inServer = (argv: string[]) => runCli(argv, { db: stack.handle, env: stack.rawEnv, ask: async () => "acme" });
const jobCount = async () => (await stack.handle.db.select({ n: count() }).from(revocationJobs))[0]!.n;

it("a selection a stopped job holds: exit 2 naming the job, nothing created; --job resumes it", async () => {
  const ids = (await activeGrantIds({ h: stack.handle, orgId })).slice(0, 12);
  const job = await createRevocationJob({ db: stack.handle.db, orgId, target: { ids }, reason: "cleanup", actor: "a", actorType: "cli" });
  // A runner that died mid-job: running, no lease.
  await setJobStatus({ db: stack.handle.db, jobId: job.id, status: "running", now: new Date() });
  const before = await jobCount();

  const dry = await inServer(["revoke", "--org", "acme", "--ids", ids.join(","), "--dry-run"]);
  expect(dry.code).toBe(2);
  expect(dry.out).toContain(`12 of these grants belong to revocation job ${job.id} (stopped, 12 of 12 left)`);

  const r = await inServer(["revoke", "--org", "acme", "--ids", ids.join(","), "--reason", "again"]);
  expect(r.code).toBe(2);
  expect(r.err).toContain(`error: --ids/filters: this is the selection of revocation job ${job.id}, which stopped before finishing (12 grants of 12 left); resume it with \`patwarden revoke --org acme --job ${job.id}\``);
  expect(r.err).not.toContain("Type the organization name");
  expect(await jobCount()).toBe(before);

  const resumed = await inServer(["revoke", "--org", "acme", "--job", String(job.id)]);
  expect(resumed.code).toBe(0);
  expect(resumed.err).toContain(`revocation job ${job.id} succeeded`);
  const left = new Set(stack.sim.control.org("acme").grants.map((g) => g.id));
  for (const id of ids) expect(left.has(id)).toBe(false);
});
