// Pure pieces of the engine: GitHub objects → rows, and the bounded task pool.
import { describe, expect, it } from "vitest";
import { GrantSchema, RequestSchema, WebhookRequestSchema } from "../../bot/github/schemas.ts";
import { toGrantRow, toRequestRow, webhookRequestToRow } from "../../bot/sync/map.ts";
import { createTaskPool } from "../../bot/sync/task-pool.ts";

const owner = { login: "octocat", id: 1, avatar_url: "https://a/1", type: "User", site_admin: false };
// The spec example (#/components/examples/org-pat-grant-paginated/value/0), offset timestamps included.
const specGrant = {
  id: 25381, owner, repository_selection: "all",
  repositories_url: "https://api.github.com/organizations/652551/personal-access-tokens/25381/repositories",
  permissions: { organization: { members: "read" }, repository: { metadata: "read" } },
  access_granted_at: "2023-05-16T08:47:09.000-07:00", token_id: 98716, token_name: "Some Token",
  token_expired: false, token_expires_at: "2023-11-16T08:47:09.000-07:00", token_last_used_at: null,
};

describe("mapping", () => {
  it("maps a grant, keeping grant id and token_id apart and parsing offset timestamps", () => {
    const row = toGrantRow({ grant: GrantSchema.parse(specGrant), orgId: 7 });
    expect(row).toMatchObject({ orgId: 7, id: 25381, tokenId: 98716, ownerId: 1, ownerLogin: "octocat", repositorySelection: "all", tokenLastUsedAt: null });
    expect(row.accessGrantedAt.toISOString()).toBe("2023-05-16T15:47:09.000Z");
    expect(row.permissionTokens).toEqual(["members:read", "metadata:read"]);
  });

  it("rejects what is not a grant, naming the field", () => {
    const bad = GrantSchema.safeParse({ ...specGrant, access_granted_at: "yesterday" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["access_granted_at"]);
    expect(GrantSchema.safeParse({ ...specGrant, repository_selection: "selected" }).success).toBe(false);
  });

  it("maps REST requests and webhook requests (permissions_result, no reason)", () => {
    const rest = toRequestRow({ request: RequestSchema.parse({ ...specGrant, access_granted_at: undefined, reason: "ci", created_at: "2024-01-01T00:00:00Z" }), orgId: 7 });
    expect(rest).toMatchObject({ id: 25381, reason: "ci", repositoriesUrl: specGrant.repositories_url });
    const hook = webhookRequestToRow({
      request: WebhookRequestSchema.parse({
        id: 5, owner, permissions_added: {}, permissions_upgraded: {}, permissions_result: { repository: { contents: "write" } },
        repository_selection: "subset", repository_count: 1, repositories: [{ id: 9, node_id: "n", name: "r", full_name: "o/r", private: true }],
        created_at: "2024-01-01T00:00:00Z", token_id: 11, token_name: "t", token_expired: false, token_expires_at: null, token_last_used_at: null,
      }),
      orgId: 7,
    });
    expect(hook).toMatchObject({ id: 5, tokenId: 11, reason: null, repositoriesUrl: null, repositoryCount: 1, permissions: { repository: { contents: "write" } } });
    expect(hook.permissionTokens).toEqual(["contents:read", "contents:write"]);
  });
});

describe("task pool", () => {
  it("runs at most `concurrency` tasks and holds producers when the queue is full", async () => {
    const pool = createTaskPool({ concurrency: 2, maxQueued: 3 });
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 10; i++) {
      await pool.push(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        done.push(i);
      });
    }
    await pool.drain();
    expect(peak).toBe(2);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("reports the first failure on drain and starts nothing after it", async () => {
    const pool = createTaskPool({ concurrency: 1, maxQueued: 10 });
    const ran: number[] = [];
    let fail!: (e: Error) => void;
    await pool.push(() => { ran.push(1); return new Promise<void>((_, reject) => { fail = reject; }); });
    await pool.push(async () => { ran.push(2); }); // queued behind the first
    fail(new Error("first"));
    await expect(pool.drain()).rejects.toThrow("first");
    expect(ran).toEqual([1]);
    expect(pool.error).toBeInstanceOf(Error);
  });
});
