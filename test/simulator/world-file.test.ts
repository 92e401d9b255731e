// The simulated world outlives the process: a grant revoked or a request approved through the API
// is still so after a restart on the same file; a broken, old or foreign file is reported and
// replaced, never a crash; --reset starts afresh.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../simulator/index.ts";
import { WORLD_VERSION } from "../../simulator/world-snapshot.ts";
import { installationToken, simFetch } from "../helpers/sim.ts";

const dir = mkdtempSync(path.join(tmpdir(), "pw-world-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ORGS = [{ login: "acme", grants: 30, requests: 4 }, { login: "globex", grants: 5 }];

const start = (file: string, extra: { reset?: boolean; orgs?: typeof ORGS } = {}) =>
  startSimulator({ orgs: extra.orgs ?? ORGS, world: { file, reset: extra.reset } });

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(check()).toBe(true);
}

describe("the simulator's world file", () => {
  it("keeps a revoke and an approval made through the API across a restart", async () => {
    const file = path.join(dir, "kept.json");
    const first = await start(file);
    expect(first.world).toEqual({ file, restored: false });
    const before = first.control.org("acme");
    const [victim] = before.grants;
    const [request] = before.requests;
    const token = await installationToken(first, "acme");
    expect((await simFetch(first, `/orgs/acme/personal-access-tokens/${victim!.id}`, { method: "POST", token, body: { action: "revoke" } })).status).toBe(204);
    expect((await simFetch(first, `/orgs/acme/personal-access-token-requests/${request!.id}`, { method: "POST", token, body: { action: "approve" } })).status).toBe(204);
    // Written after the change (debounced), not only at shutdown.
    await waitFor(() => !readFileSync(file, "utf8").includes(`"id":${victim!.id},`));
    const app = first.app;
    await first.close();

    const second = await start(file);
    try {
      expect(second.world).toEqual({ file, restored: true });
      const after = second.control.org("acme");
      expect(after.grants.map((g) => g.id)).not.toContain(victim!.id);
      expect(after.requests.map((r) => r.id)).not.toContain(request!.id);
      const approved = after.grants.find((g) => g.token_id === request!.token_id);
      expect(approved?.owner.login).toBe(request!.owner.login);
      expect(after.grants).toHaveLength(before.grants.length);
      expect(second.app).toMatchObject({ id: app.id, privateKey: app.privateKey, webhookSecret: app.webhookSecret });
      // The restored App still authenticates, and the API serves the restored world.
      const listed = await simFetch(second, "/orgs/acme/personal-access-tokens?per_page=100", { token: await installationToken(second, "acme") });
      expect((listed.body as Array<{ id: number }>).map((g) => g.id).sort()).toEqual(after.grants.map((g) => g.id).sort());
    } finally {
      await second.close();
    }
  });

  it.each([
    ["broken JSON", `{"version":${WORLD_VERSION},"app":`, /not readable JSON/],
    ["an older version", JSON.stringify({ version: 0, orgs: [] }), new RegExp(`version 0, this simulator writes version ${WORLD_VERSION}`)],
    ["a valid version with a broken world", JSON.stringify({ version: WORLD_VERSION, orgs: "nope" }), /does not hold a valid world/],
  ])("reports %s, keeps it as .bad and starts a fresh world it saves at once", async (_name, content, note) => {
    const file = path.join(dir, `bad-${_name.replace(/\W/g, "")}.json`);
    writeFileSync(file, content);
    const sim = await start(file);
    try {
      expect(sim.world?.restored).toBe(false);
      expect(sim.world?.note).toMatch(note);
      expect(readFileSync(`${file}.bad`, "utf8")).toBe(content);
      expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ version: WORLD_VERSION });
      expect(sim.control.org("acme").grants).toHaveLength(30);
    } finally {
      await sim.close();
    }
  });

  it("starts afresh for other orgs, and on reset", async () => {
    const file = path.join(dir, "other.json");
    const first = await start(file);
    first.control.revokeGrant("acme", first.control.org("acme").grants[0]!.id);
    await first.close();
    const other = await start(file, { orgs: [{ login: "acme", grants: 12, requests: 1 }, { login: "globex", grants: 5 }] });
    expect(other.world?.note).toMatch(/made for other orgs/);
    expect(other.control.org("acme").grants).toHaveLength(12);
    await other.close();
    const reset = await start(file, { reset: true, orgs: [{ login: "acme", grants: 12, requests: 1 }, { login: "globex", grants: 5 }] });
    expect(reset.world).toMatchObject({ restored: false, note: expect.stringMatching(/--reset/) });
    await reset.close();
    expect(existsSync(file)).toBe(true);
  });
});

