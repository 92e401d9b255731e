// GET /app/installations → installations and orgs; uninstalled and suspended ones are recorded as such.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInstallation, listInstallations } from "../../db/queries/installations.ts";
import { listOrgs } from "../../db/queries/orgs.ts";
import { registerInstallation, registerInstallations } from "../../bot/sync/index.ts";
import { startHarness, startWebhookReceiverFor, type Harness } from "./harness.ts";

describe("registerInstallations", () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 5 }, { login: "globex", grants: 5 }] } });
  });
  afterAll(async () => hs?.close());

  it("stores every installation and its org", async () => {
    const orgs = await listOrgs({ db: hs.h.db });
    expect(orgs.map((o) => o.login)).toEqual(["acme", "globex"]);
    for (const login of ["acme", "globex"]) {
      const truth = hs.sim.control.org(login);
      const row = orgs.find((o) => o.login === login)!;
      expect(row).toMatchObject({ id: truth.id, installationId: truth.installationId });
      const inst = await getInstallation({ db: hs.h.db, installationId: truth.installationId });
      expect(inst).toMatchObject({ accountId: truth.id, accountLogin: login, accountType: "Organization", status: "active" });
      expect(inst!.permissions).toEqual(truth.installation.permissions);
    }
  });

  it("records suspended and uninstalled installations, and is idempotent", async () => {
    await hs.sim.control.suspendInstallation("globex");
    await hs.sim.control.uninstall("acme");
    const out = await registerInstallations({ db: hs.h.db, appOctokit: hs.app.appOctokit });
    expect(out).toEqual([{ installationId: hs.sim.control.org("globex").installationId, status: "suspended", org: { id: hs.sim.control.org("globex").id, login: "globex" } }]);
    const rows = await listInstallations({ db: hs.h.db });
    const status = Object.fromEntries(rows.map((r) => [r.accountLogin, r.status]));
    expect(status).toEqual({ acme: "uninstalled", globex: "suspended" });
    await registerInstallations({ db: hs.h.db, appOctokit: hs.app.appOctokit });
    expect((await listInstallations({ db: hs.h.db })).length).toBe(2);
  });

  it("registers a new installation from its webhook payload", async () => {
    const receiver = await startWebhookReceiverFor(hs);
    try {
      const truth = await hs.sim.control.addOrg({ login: "initech", grants: 3 });
      const payload = receiver.received.at(-1)!.json as { action: string; installation: unknown };
      expect(payload.action).toBe("created");
      const out = await registerInstallation({ db: hs.h.db, installation: payload.installation });
      expect(out).toEqual({ installationId: truth.installationId, status: "active", org: { id: truth.id, login: "initech" } });
      expect((await listOrgs({ db: hs.h.db })).map((o) => o.login)).toContain("initech");
    } finally {
      await receiver.close();
    }
  });
});
