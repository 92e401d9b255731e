// `--org LOGIN | all | @LOGIN` (bot/cli/org-scope.ts): the flag's text, and which orgs `all` lists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { describeScope, listAcrossOrgs, orgColumns, parseOrgFlag, refuseWithAllOrgs, resolveOrgScope, withOrgField } from "../../bot/cli/org-scope.ts";
import type { Engine } from "../../bot/engine.ts";
import { InvalidInput } from "../../model/errors.ts";
import { insertOrg } from "../app/factories.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";

describe("parseOrgFlag", () => {
  it("reads all (any case), a login, and @LOGIN as that login alone", () => {
    expect(parseOrgFlag("all", "grants")).toEqual({ all: true });
    expect(parseOrgFlag(" ALL ", "grants")).toEqual({ all: true });
    expect(parseOrgFlag("acme", "grants")).toEqual({ all: false, login: "acme" });
    expect(parseOrgFlag("@all", "grants")).toEqual({ all: false, login: "all" });
    expect(parseOrgFlag("@acme", "grants")).toEqual({ all: false, login: "acme" });
  });

  it("refuses a missing or empty value, naming --org and both forms", () => {
    for (const bad of [undefined, "", "  ", true]) {
      expect(() => parseOrgFlag(bad, "grants")).toThrow(InvalidInput);
      expect(() => parseOrgFlag(bad, "grants")).toThrow(/--org: is required: a login or all/);
    }
    expect(() => parseOrgFlag("@", "grants")).toThrow(/--org: expected a login after @/);
  });
});

describe("resolveOrgScope", () => {
  let handle: DbHandle;
  let engine: Engine;

  beforeAll(async () => {
    handle = await createTestDb();
    const db = handle.db;
    await insertOrg({ db, login: "zeta" });
    await insertOrg({ db, login: "Acme" });
    await insertOrg({ db, login: "all" }); // GitHub does not reserve this login
    await insertOrg({ db, login: "frozen", installation: { status: "suspended" } });
    await insertOrg({ db, login: "gone", installation: { status: "uninstalled" } });
    await insertOrg({ db, login: "never", installation: null });
    engine = testEngine({ handle });
  });
  afterAll(() => handle?.close());

  it("all: every org whose installation is active or suspended, by login, case-insensitively", async () => {
    const scope = await resolveOrgScope({ engine, value: "all", command: "grants" });
    expect(scope.all).toBe(true);
    expect(scope.orgs.map((o) => o.login)).toEqual(["Acme", "all", "frozen", "zeta"]);
    expect(describeScope(scope)).toBe("4 orgs (Acme, all, frozen, zeta)");
  });

  it("one org by login (any case) or @login; an unknown one is InvalidInput on --org listing the known", async () => {
    const one = await resolveOrgScope({ engine, value: "acme", command: "grants" });
    expect([one.all, one.orgs.map((o) => o.login), describeScope(one)]).toEqual([false, ["Acme"], "Acme"]);
    const named = await resolveOrgScope({ engine, value: "@all", command: "grants" });
    expect([named.all, named.orgs.map((o) => o.login)]).toEqual([false, ["all"]]);
    // An uninstalled org is still reachable by name: its last known inventory.
    expect((await resolveOrgScope({ engine, value: "gone", command: "grants" })).orgs[0]!.login).toBe("gone");
    await expect(resolveOrgScope({ engine, value: "nope", command: "grants" })).rejects.toThrow(/--org: unknown org "nope"; known orgs: /);
  });

  it("tags rows with their org, adds the org field first and the org column only when the scope spans orgs", async () => {
    const all = await resolveOrgScope({ engine, value: "all", command: "grants" });
    const rows = await listAcrossOrgs(all, async (org) => (org.login === "zeta" ? [{ id: 1 }, { id: 2 }] : org.login === "Acme" ? [{ id: 3 }] : []));
    expect(rows).toEqual([{ id: 3, org: "Acme" }, { id: 1, org: "zeta" }, { id: 2, org: "zeta" }]);
    expect(Object.keys(withOrgField(all, rows[0]!, { id: 3 }))).toEqual(["org", "id"]);
    expect(orgColumns(all, "csv").map((c) => [c.header, c.value(rows[0]!)])).toEqual([["org", "Acme"]]);
    expect(orgColumns(all, "table").map((c) => c.header)).toEqual(["Org"]);

    const one = await resolveOrgScope({ engine, value: "zeta", command: "grants" });
    expect(withOrgField(one, rows[1]!, { id: 1 })).toEqual({ id: 1 });
    expect(orgColumns(one, "csv")).toEqual([]);
  });

  it("refuses paging flags with all, naming the flag; allows them for one org", async () => {
    const all = await resolveOrgScope({ engine, value: "all", command: "grants" });
    expect(() => refuseWithAllOrgs(all, { page: undefined, after: "abc" })).toThrow(/^--after: pages belong to one org's list/);
    expect(() => refuseWithAllOrgs(all, { page: undefined, after: undefined })).not.toThrow();
    const one = await resolveOrgScope({ engine, value: "zeta", command: "grants" });
    expect(() => refuseWithAllOrgs(one, { after: "abc" })).not.toThrow();
  });
});
