// /_sim routes for repositories, files, issues and the clock answer like the in-process methods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileTruth, Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, startWebhookReceiver, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

async function ctl(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await withSimulator({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

describe("/_sim repositories and files", () => {
  it("POST repos adds a repository (409 when it exists); the REST API serves it", async () => {
    const added = await ctl("POST", "/orgs/globex/repos", { name: "policies" });
    expect(added).toMatchObject({ status: 200, json: { name: "policies", full_name: "globex/policies" } });
    expect((await ctl("POST", "/orgs/globex/repos", { name: "policies" })).status).toBe(409);
    expect((await ctl("POST", "/orgs/globex/repos", { name: "bad name" })).status).toBe(422);
    const token = await installationToken(sim, "globex");
    expect((await simFetch(sim, "/repos/globex/policies", { token })).status).toBe(200);
    expect(sim.control.org("globex").repos.at(-1)!.name).toBe("policies");
  });

  it("PUT contents commits and pushes; GET returns text, sha and history; unknown file is 404", async () => {
    const before = receiver.received.length;
    const put = await ctl("PUT", "/orgs/acme/repos/.github/contents/patwarden.yml", { text: "version: 1\n", message: "policy", author: "acme-dev" });
    expect(put.status).toBe(200);
    expect(receiver.received.length).toBe(before + 1);
    const push = receiver.received.at(-1)!.json as { pusher: { name: string }; head_commit: { id: string; message: string } };
    expect(push.pusher.name).toBe("acme-dev");
    expect(push.head_commit).toMatchObject({ id: (put.json as { commitSha: string }).commitSha, message: "policy" });
    const got = await ctl("GET", "/orgs/acme/repos/.github/contents/patwarden.yml");
    expect(got.json).toEqual(JSON.parse(JSON.stringify(sim.control.file("acme", ".github", "patwarden.yml"))));
    expect((got.json as FileTruth).sha).toBe((put.json as { sha: string }).sha);
    expect((await ctl("GET", "/orgs/acme/repos/.github/contents/none.yml")).status).toBe(404);
    expect((await ctl("PUT", "/orgs/acme/repos/nope/contents/a.yml", { text: "x" })).status).toBe(404);
    expect((await ctl("PUT", "/orgs/acme/repos/.github/contents/a.yml", {})).status).toBe(422);
  });

  it("GET issues lists the repository's issues with their comments", async () => {
    const token = await installationToken(sim, "acme");
    await simFetch(sim, "/repos/acme/compliance/issues", { method: "POST", token, body: { title: "Quarterly review" } });
    await simFetch(sim, "/repos/acme/compliance/issues/1/comments", { method: "POST", token, body: { body: "done" } });
    const res = await ctl("GET", "/orgs/acme/repos/compliance/issues");
    expect(res.json).toMatchObject([{ number: 1, title: "Quarterly review", comments: 1, comments_list: [{ body: "done" }] }]);
  });
});

describe("/_sim/clock", () => {
  it("sets, advances and reads the clock; Date headers follow; bad input is 422", async () => {
    const set = await ctl("POST", "/clock", { now: "2030-01-01T00:00:00Z" });
    try {
      expect(Date.parse((set.json as { now: string }).now)).toBeGreaterThanOrEqual(Date.parse("2030-01-01T00:00:00Z"));
      const moved = await ctl("POST", "/clock", { advanceMs: 86_400_000 });
      expect(Date.parse((moved.json as { now: string }).now)).toBeGreaterThanOrEqual(Date.parse("2030-01-02T00:00:00Z"));
      const read = await ctl("GET", "/clock");
      expect(Date.parse((read.json as { now: string }).now)).toBeLessThan(Date.parse("2030-01-02T00:01:00Z"));
      const res = await simFetch(sim, "/rate_limit");
      expect(new Date(res.headers.get("date")!).getUTCFullYear()).toBe(2030);
      expect((await ctl("POST", "/clock", { now: "soon" })).status).toBe(422);
    } finally {
      await ctl("POST", "/clock", { now: new Date().toISOString() });
    }
  });
});
