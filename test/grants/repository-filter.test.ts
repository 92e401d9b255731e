// The repository filter after a real sync: `name`, `owner/name` and any case select the same grants
// (those listing it, and every "All repositories" grant); the engine refuses a repository the
// synced data never names, and a page past the last, naming the field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listGrants } from "../../db/queries/grants.ts";
import { hasRepository } from "../../db/queries/repositories.ts";
import { InvalidInput } from "../../model/errors.ts";
import type { GrantFilter } from "../../model/grant-filter.ts";
import type { GroundTruth } from "../../simulator/index.ts";
import { startStack, type Stack } from "../server/harness.ts";

let stack: Stack;
let truth: GroundTruth;
let orgId: number;
/** The repository most subset grants list, as GitHub names it: { name, full_name }. */
let repo: { name: string; full_name: string };

beforeAll(async () => {
  stack = await startStack({ orgs: [{ login: "acme", grants: 60, requests: 2 }] });
  truth = stack.sim.control.org("acme");
  orgId = (await stack.org("acme")).id;
  const listed = truth.grants.filter((g) => g.repository_selection === "subset").flatMap((g) => g.repositories);
  const counts = new Map<string, number>();
  for (const r of listed) counts.set(r.full_name, (counts.get(r.full_name) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  repo = listed.find((r) => r.full_name === top)!;
});
afterAll(() => stack?.close());

const ids = async (filter: GrantFilter) =>
  (await listGrants({ db: stack.handle.db, orgId, filter, sort: "id", direction: "asc", perPage: 500 })).rows.map((g) => g.id);

const invalid = async (p: Promise<unknown>): Promise<InvalidInput> => {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!(e instanceof InvalidInput)) throw new Error(`expected InvalidInput, got ${String(e)}`);
  return e;
};

describe("the repository filter", () => {
  it("selects the same grants for name, owner/name and any case: those listing it and every all-repositories grant", async () => {
    expect(repo.full_name).toBe(`acme/${repo.name}`);
    const expected = truth.grants
      .filter((g) => g.repository_selection === "all" || (g.repository_selection === "subset" && g.repositories.some((r) => r.full_name === repo.full_name)))
      .map((g) => g.id).sort((a, b) => a - b);
    const byName = await ids({ repository: repo.name });
    expect(byName).toEqual(expected);
    expect(byName.length).toBeGreaterThan(truth.grants.filter((g) => g.repository_selection === "all").length);
    expect(await ids({ repository: repo.full_name })).toEqual(byName);
    expect(await ids({ repository: repo.full_name.toUpperCase() })).toEqual(byName);
    expect(await ids({ repository: repo.name.toUpperCase() })).toEqual(byName);
  });

  it("knows a repository by either form, and not under another owner", async () => {
    for (const r of [repo.name, repo.full_name, repo.full_name.toUpperCase()]) expect(await hasRepository({ db: stack.handle.db, orgId, repository: r })).toBe(true);
    expect(await hasRepository({ db: stack.handle.db, orgId, repository: `globex/${repo.name}` })).toBe(false);
    expect(await hasRepository({ db: stack.handle.db, orgId, repository: "no-such-repo" })).toBe(false);
  });

  it("the engine refuses an unknown repository with close matches, in the face's field style", async () => {
    const typo = repo.name.slice(0, -1);
    const flag = await invalid(stack.engine.grants.list({ orgId, filter: { repository: typo }, fieldStyle: "flag" }));
    expect(flag.field).toBe("--repository");
    expect(flag.message).toContain(`"${typo}"`);
    expect(flag.message).toContain(`did you mean ${repo.name}`);
    const param = await invalid(stack.engine.grants.count({ orgId, filter: { repository: `globex/${repo.name}` } }));
    expect(param.field).toBe("repository");
    expect(param.message).toContain(`did you mean ${repo.full_name}`);
  });

  it("the engine refuses a page past the last and names the last page", async () => {
    const { total } = await stack.engine.grants.count({ orgId, filter: {} });
    const last = Math.ceil(total / 50);
    expect((await stack.engine.grants.list({ orgId, filter: {}, page: last })).rows.length).toBeGreaterThan(0);
    const e = await invalid(stack.engine.grants.list({ orgId, filter: {}, page: 999, fieldStyle: "flag" }));
    expect(e.field).toBe("--page");
    expect(e.message).toBe(`--page: 999 is past the last page (${last}); ${total} grants match`);
    const none = await invalid(stack.engine.grants.list({ orgId, filter: { search: "no grant has this text" }, page: 2 }));
    expect(none.message).toBe("page: 2 is past the last page (1); no grants match");
  });
});
