// `patwarden offboard` killed with SIGKILL mid-run, then resumed with `--job`: the simulator ends
// with none of the person's grants (both orgs) or credential authorizations (acme), every bulk call
// GitHub accepted (bulkRevokeUnknown "reject": a grant sent twice would be refused with 422), no
// credential removed twice after success, and one audit entry per item. PGlite (embedded) or, with
// DATABASE_URL, a throwaway Postgres database.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog } from "../../db/schema.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { runCli } from "../cli/run-cli.ts";
import { createWorkspace, until, type Workspace } from "../reliability/process.ts";

let sim: Simulator;
let ws: Workspace;
let person: string;

const owned = (org: string) => sim.control.org(org).grants.filter((g) => g.owner.login.toLowerCase() === person.toLowerCase());
const authorizations = () => sim.control.org("acme").credentials.filter((c) => c.login.toLowerCase() === person.toLowerCase());
const bulk = (org: string) => sim.control.requestLog().filter((e) => e.method === "POST" && e.path === `/orgs/${org}/personal-access-tokens`);
const deletes = () => sim.control.requestLog().filter((e) => e.method === "DELETE" && e.path.startsWith("/orgs/acme/credential-authorizations/"));

beforeAll(async () => {
  sim = await startSimulator({ orgs: [{ login: "acme", grants: 20, sso: true, credentials: 50, subsetShare: 0 }, { login: "globex", grants: 5, subsetShare: 0 }] });
  const byLogin = new Map<string, number>();
  for (const c of sim.control.org("acme").credentials) byLogin.set(c.login, (byLogin.get(c.login) ?? 0) + 1);
  person = [...byLogin].sort((a, b) => b[1] - a[1])[0]![0];
  for (let i = 0; i < 250; i++) sim.control.addGrant("acme", { owner: person });
  for (let i = 0; i < 3; i++) sim.control.addGrant("globex", { owner: person });
  ws = await createWorkspace({ sim, prefix: "offboard_kill" });
  if (ws.env.DATABASE_URL) expect((await runCli(["migrate"], { env: ws.env })).code).toBe(0);
  for (const org of ["acme", "globex"]) expect((await runCli(["sync", "--org", org], { env: ws.env })).code).toBe(0);
  // The sync stored acme's SSO authorizations (source available) and found none for globex (404: not available).
  const h = await ws.open();
  try {
    const status = async (login: string) => (await findOrgByLogin({ db: h.db, login }))!.credentialsStatus;
    expect([await status("acme"), await status("globex")]).toEqual(["available", "not_available"]);
  } finally {
    await h.close();
  }
  sim.control.setBehaviour({ bulkRevokeUnknown: "reject" });
  sim.control.clearRequestLog();
}, 240_000);
afterAll(async () => {
  await ws?.close();
  await sim?.close();
});

it("killed after two bulk calls, `offboard --job` finishes: nothing of the person left, nothing sent twice, one audit entry each", async () => {
  const grantsAcme = owned("acme").map((g) => g.id);
  const grantsGlobex = owned("globex").map((g) => g.id);
  const creds = authorizations().map((c) => c.credential_id);
  expect(grantsAcme.length).toBeGreaterThanOrEqual(250);
  expect(creds.length).toBeGreaterThan(0);

  const dry = await runCli(["offboard", person, "--all-orgs", "--dry-run", "--format", "json"], { env: ws.env });
  expect(dry.code).toBe(0);
  expect(JSON.parse(dry.out)).toMatchObject({ totals: { grants: grantsAcme.length + grantsGlobex.length, credentials: creds.length } });
  expect(sim.control.requestLog().filter((e) => e.method !== "GET")).toEqual([]);

  const run = ws.launch(["offboard", person, "--all-orgs", "--reason", "left the company", "--yes"]);
  await until("two accepted bulk calls", () => bulk("acme").filter((e) => e.status === 202).length >= 2 || run.child.exitCode !== null, 120_000, run.output);
  expect(run.child.exitCode, `offboard ended early: ${run.output()}`).toBeNull();
  run.child.kill("SIGKILL");
  await run.exited;
  expect(owned("acme").length).toBeGreaterThan(0); // killed mid-way

  // The killed runner's lease is taken over at once (a dead process of this host), as the server's resume does.
  const resumed = await runCli(["offboard", "--job", "1"], { env: ws.env });
  expect(resumed.code, resumed.err + resumed.out).toBe(0);
  expect(resumed.out).toMatch(/Offboarding 1 of .* succeeded/);

  expect(owned("acme")).toEqual([]);
  expect(owned("globex")).toEqual([]);
  expect(authorizations()).toEqual([]);
  expect(bulk("acme").filter((e) => e.status !== 202)).toEqual([]);
  expect(bulk("acme")).toHaveLength(Math.ceil(grantsAcme.length / 100));
  expect(bulk("globex")).toHaveLength(1);
  const removedOk = deletes().filter((e) => e.status === 204).map((e) => e.path);
  expect(new Set(removedOk).size).toBe(removedOk.length);
  expect(removedOk.length).toBe(creds.length);

  const h = await ws.open();
  try {
    const rows = await h.db.select({ action: auditLog.action, targetId: auditLog.targetId }).from(auditLog)
      .where(and(eq(auditLog.reason, "left the company")));
    const ids = (action: string) => rows.filter((r) => r.action === action).map((r) => Number(r.targetId)).sort((a, b) => a - b);
    expect(ids("grant.revoke")).toEqual([...grantsAcme, ...grantsGlobex].sort((a, b) => a - b));
    expect(ids("credential.remove")).toEqual([...creds].sort((a, b) => a - b));
  } finally {
    await h.close();
  }
}, 400_000);
