// Behaviour of repositories, files, issues and the clock: sha conflicts leave files untouched,
// permissions are enforced, pushes arrive signed, issues paginate, tokens expire by simulator time.
import { createHash } from "node:crypto";
import { Octokit } from "@octokit/core";
import { createAppAuth } from "@octokit/auth-app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPayload, type Simulator } from "../../simulator/index.ts";
import { installationToken, simFetch, startWebhookReceiver, withSimulator } from "../helpers/sim.ts";

let sim: Simulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let token: string;
const b64 = (text: string) => Buffer.from(text).toString("base64");
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await withSimulator({ webhookUrl: receiver.url });
  token = await installationToken(sim, "acme");
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

describe("files", () => {
  it("a stale or missing sha changes nothing; the right sha updates and keeps history", async () => {
    const path = "/repos/acme/.github/contents/patwarden.yml";
    const first = await sim.control.putFile("acme", ".github", "patwarden.yml", "version: 1\n", { message: "policy v1" });
    expect(first.sha).toBe(createHash("sha1").update("blob 11\0version: 1\n").digest("hex"));
    const missing = await simFetch(sim, path, { method: "PUT", token, body: { message: "no sha", content: b64("version: 2\n") } });
    expect(missing.status).toBe(422);
    expect((missing.body as { message: string }).message).toContain('"sha" wasn\'t supplied');
    const stale = await simFetch(sim, path, { method: "PUT", token, body: { message: "stale", content: b64("version: 2\n"), sha: "a".repeat(40) } });
    expect(stale.status).toBe(409);
    expect(sim.control.file("acme", ".github", "patwarden.yml")!.text).toBe("version: 1\n");
    const fresh = await simFetch(sim, "/repos/acme/.github/contents/new.yml", { method: "PUT", token, body: { message: "new", content: b64("x: 1\n"), sha: "b".repeat(40) } });
    expect(fresh.status).toBe(201);
    const updated = await simFetch(sim, path, { method: "PUT", token, body: { message: "policy v2", content: b64("version: 2\n"), sha: first.sha } });
    expect(updated.status).toBe(200);
    const file = sim.control.file("acme", ".github", "patwarden.yml")!;
    expect(file.text).toBe("version: 2\n");
    expect(file.history.map((h) => h.message)).toEqual(["policy v2", "policy v1"]);
    expect(file.history[0]!.author.login).toBe(`${sim.app.slug}[bot]`);
    expect(file.history[1]!.author.login).toBe(sim.control.org("acme").demoUsers.owner);
  });

  it("blob sha is git's; raw media type and ?ref= read old versions", async () => {
    const put = await sim.control.putFile("acme", "compliance", "docs/a.txt", "hello\n");
    // `printf 'hello\n' | git hash-object --stdin`
    expect(put.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    await sim.control.putFile("acme", "compliance", "docs/a.txt", "bye\n");
    const raw = await simFetch(sim, "/repos/acme/compliance/contents/docs/a.txt", { token, headers: { accept: "application/vnd.github.raw+json" } });
    expect(raw.text).toBe("bye\n");
    const old = await simFetch(sim, `/repos/acme/compliance/contents/docs/a.txt?ref=${put.commitSha}`, { token });
    expect(Buffer.from((old.body as { content: string }).content, "base64").toString()).toBe("hello\n");
    const commits = await simFetch(sim, "/repos/acme/compliance/commits?path=docs/a.txt", { token });
    expect((commits.body as Array<{ sha: string }>).map((c) => c.sha)[1]).toBe(put.commitSha);
  });

  it("Octokit route strings reach nested paths, the raw media type and PUT with sha", async () => {
    const octokit = new Octokit({ baseUrl: sim.apiUrl, authStrategy: createAppAuth, auth: { appId: sim.app.id, privateKey: sim.app.privateKey, installationId: sim.control.org("acme").installationId }, log: quiet });
    await sim.control.putFile("acme", "compliance", "policies/2026/q2.yml", "owner: secops\n");
    const route = "GET /repos/{owner}/{repo}/contents/{path}";
    const raw = await octokit.request(route, { owner: "acme", repo: "compliance", path: "policies/2026/q2.yml", mediaType: { format: "raw" } });
    expect(raw.data).toBe("owner: secops\n");
    const json = await octokit.request(route, { owner: "acme", repo: "compliance", path: "policies/2026/q2.yml" });
    const file = json.data as { sha: string; path: string };
    expect(file.path).toBe("policies/2026/q2.yml");
    const put = await octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", { owner: "acme", repo: "compliance", path: "policies/2026/q2.yml", message: "rotate", content: b64("owner: acme-dev\n"), sha: file.sha });
    expect(put.status).toBe(200);
    expect(sim.control.file("acme", "compliance", "policies/2026/q2.yml")!.text).toBe("owner: acme-dev\n");
    const missing = await octokit.request(route, { owner: "acme", repo: "compliance", path: "policies/none.yml" }).catch((e: { status: number }) => e);
    expect((missing as { status: number }).status).toBe(404);
  });

  it("installation permissions: no contents → 403 on read and write; read only → 403 on write", async () => {
    const perms = sim.control.org("globex").installation.permissions;
    const globex = await installationToken(sim, "globex");
    try {
      sim.control.setInstallationPermissions("globex", { ...perms, contents: "read" });
      const put = await simFetch(sim, "/repos/globex/.github/contents/x.yml", { method: "PUT", token: globex, body: { message: "x", content: b64("x") } });
      expect(put.status).toBe(403);
      expect(put.headers.get("x-accepted-github-permissions")).toBe("contents=write");
      const { contents: _c, ...withoutContents } = perms;
      sim.control.setInstallationPermissions("globex", withoutContents);
      expect((await simFetch(sim, "/repos/globex/.github/contents/x.yml", { token: globex })).status).toBe(403);
      expect(sim.control.file("globex", ".github", "x.yml")).toBeNull();
    } finally {
      sim.control.setInstallationPermissions("globex", perms);
    }
  });

  it("a PUT through the API delivers a push webhook signed with the App's secret", async () => {
    const before = receiver.received.length;
    const res = await simFetch(sim, "/repos/acme/security-notices/contents/README.md", { method: "PUT", token, body: { message: "readme", content: b64("# notices\n") } });
    expect(res.status).toBe(201);
    await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBeGreaterThan(before);
    const delivery = receiver.received.at(-1)!;
    expect(delivery.headers["x-github-event"]).toBe("push");
    expect(delivery.headers["x-hub-signature-256"]).toBe(signPayload(sim.app.webhookSecret, delivery.raw).sha256);
    const payload = delivery.json as { ref: string; before: string; after: string; created: boolean; commits: Array<{ added: string[] }>; sender: { login: string } };
    expect(payload).toMatchObject({ ref: "refs/heads/main", before: "0".repeat(40), created: true, sender: { login: `${sim.app.slug}[bot]` } });
    expect(payload.after).toBe((res.body as { commit: { sha: string } }).commit.sha);
    expect(payload.commits[0]!.added).toEqual(["README.md"]);
  });
});

describe("issues", () => {
  it("paginate with Link, filter by label and creator; the App's issues are by its bot user", async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await simFetch(sim, "/repos/acme/security-notices/issues", { method: "POST", token, body: { title: `notice ${i}`, labels: i % 2 ? ["patwarden", "stale"] : ["patwarden"] } });
      expect((res.body as { user: { login: string; type: string } }).user).toMatchObject({ login: `${sim.app.slug}[bot]`, type: "Bot" });
    }
    const page1 = await simFetch(sim, "/repos/acme/security-notices/issues?labels=patwarden&per_page=2&direction=asc", { token });
    expect((page1.body as Array<{ title: string }>).map((i) => i.title)).toEqual(["notice 1", "notice 2"]);
    expect(page1.headers.get("link")).toMatch(/page=2>; rel="next", <.*page=3>; rel="last"/);
    const stale = await simFetch(sim, "/repos/acme/security-notices/issues?labels=stale,patwarden&state=all", { token });
    expect((stale.body as unknown[]).length).toBe(3);
    const byBot = await simFetch(sim, `/repos/acme/security-notices/issues?creator=${encodeURIComponent(`${sim.app.slug}[bot]`)}`, { token });
    expect((byBot.body as unknown[]).length).toBe(5);
    const closed = await simFetch(sim, "/repos/acme/security-notices/issues/1", { method: "PATCH", token, body: { state: "closed" } });
    expect(closed.body).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(((await simFetch(sim, "/repos/acme/security-notices/issues", { token })).body as unknown[]).length).toBe(4);
    await simFetch(sim, "/repos/acme/security-notices/issues/2/comments", { method: "POST", token, body: { body: "still open?" } });
    const truth = sim.control.issues("acme", "security-notices");
    expect(truth).toHaveLength(5);
    expect(truth[1]!.comments_list.map((c) => c.body)).toEqual(["still open?"]);
    expect(truth[1]!.labels.map((l) => l.name)).toEqual(["patwarden"]);
  });

  it("without issues:write creating is 403 and nothing is created", async () => {
    const readOnly = await installationToken(sim, "acme", { permissions: { issues: "read" } });
    const res = await simFetch(sim, "/repos/acme/compliance/issues", { method: "POST", token: readOnly, body: { title: "x" } });
    expect(res.status).toBe(403);
    expect(sim.control.issues("acme", "compliance")).toEqual([]);
  });
});

describe("clock", () => {
  it("advancing expires installation tokens by simulator time; App auth keeps working", async () => {
    const start = sim.control.clock().now;
    const t = await installationToken(sim, "globex");
    try {
      const moved = sim.control.setClock({ advanceMs: 2 * 3_600_000 });
      expect(Date.parse(moved.now) - Date.parse(start)).toBeGreaterThanOrEqual(2 * 3_600_000);
      const expired = await simFetch(sim, "/repos/globex/.github", { token: t });
      expect(expired.status).toBe(401);
      expect(Date.parse(expired.headers.get("date")!)).toBeGreaterThan(Date.now() + 3_600_000);
      const octokit = new Octokit({ baseUrl: sim.apiUrl, authStrategy: createAppAuth, auth: { appId: sim.app.id, privateKey: sim.app.privateKey, installationId: sim.control.org("globex").installationId }, log: quiet });
      const { data } = await octokit.request("GET /repos/{owner}/{repo}", { owner: "globex", repo: "compliance" });
      expect(data.full_name).toBe("globex/compliance");
    } finally {
      sim.control.setClock({ now: new Date().toISOString() });
    }
    expect(Math.abs(Date.parse(sim.control.clock().now) - Date.now())).toBeLessThan(5000);
  });
});
