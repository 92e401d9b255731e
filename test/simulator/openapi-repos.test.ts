// Repository, contents, commits and issues endpoints (and the push webhook), each answer validated
// against GitHub's OpenAPI description like openapi.test.ts does for the PAT endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../simulator/index.ts";
import { API_ROUTES } from "../../simulator/routes/index.ts";
import { installationToken, simFetch, startWebhookReceiver, withSimulator } from "../helpers/sim.ts";
import { checkResponse, checkSchema, checkWebhook, isDocumentedPath } from "./openapi-schemas.ts";

let sim: Simulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let token: string;
const covered = new Set<string>();
const b64 = (text: string) => Buffer.from(text).toString("base64");

async function check(method: string, template: string, path: string, expected: number, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await simFetch(sim, path, { method, token: init.token ?? token, body: init.body, headers: init.headers });
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(expected);
  const result = checkResponse({ template, method, status: res.status, body: res.body });
  expect(result.valid, `${method} ${path} → ${res.status} does not match the schema: ${result.errors}`).toBe(true);
  if (res.status < 300) covered.add(`${method} ${template}`);
  return res;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await withSimulator({ webhookUrl: receiver.url });
  token = await installationToken(sim, "acme");
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

describe("repositories and contents", () => {
  it("GET /repos/{owner}/{repo}: 200 (full-repository), 304, 404, 403", async () => {
    const t = "/repos/{owner}/{repo}";
    const ok = await check("GET", t, "/repos/acme/.github", 200);
    expect(ok.body).toMatchObject({ name: ".github", full_name: "acme/.github", default_branch: "main", private: false });
    await check("GET", t, "/repos/acme/.github", 304, { headers: { "if-none-match": ok.headers.get("etag")! } });
    await check("GET", t, "/repos/acme/no-such-repo", 404);
    await check("GET", t, "/repos/globex/.github", 404);
    const noMeta = await installationToken(sim, "acme", { permissions: { members: "read" } });
    await check("GET", t, "/repos/acme/compliance", 403, { token: noMeta });
  });

  it("contents: PUT 201/200/409/422, GET 200/304/404", async () => {
    const t = "/repos/{owner}/{repo}/contents/{path}";
    const created = await check("PUT", t, "/repos/acme/.github/contents/patwarden.yml", 201, { body: { message: "add policy", content: b64("version: 1\n") } });
    const sha = (created.body as { content: { sha: string } }).content.sha;
    await check("PUT", t, "/repos/acme/.github/contents/patwarden.yml", 422, { body: { message: "no sha", content: b64("version: 2\n") } });
    // The documented 409 is oneOf [basic-error, repository-rule-violation-error]; a plain error
    // matches both (neither requires a field), so check it against basic-error alone.
    const stale = await simFetch(sim, "/repos/acme/.github/contents/patwarden.yml", { method: "PUT", token, body: { message: "stale", content: b64("version: 2\n"), sha: "0".repeat(40) } });
    expect(stale.status).toBe(409);
    expect(checkSchema("basic-error", stale.body).valid).toBe(true);
    await check("PUT", t, "/repos/acme/.github/contents/patwarden.yml", 200, { body: { message: "bump", content: b64("version: 2\n"), sha } });
    await check("PUT", t, "/repos/acme/.github/contents/patwarden.yml", 404, { body: { message: "x", content: b64("x"), branch: "dev" } });
    const got = await check("GET", t, "/repos/acme/.github/contents/patwarden.yml", 200);
    await check("GET", t, "/repos/acme/.github/contents/patwarden.yml", 304, { headers: { "if-none-match": got.headers.get("etag")! } });
    await check("GET", t, `/repos/acme/.github/contents/patwarden.yml?ref=${sha.slice(0, 7)}`, 404);
    await check("GET", t, "/repos/acme/.github/contents/missing.yml", 404);
    await sim.control.putFile("acme", ".github", ".github/patwarden.yml", "version: 1\n");
    const dir = await check("GET", t, "/repos/acme/.github/contents/.github", 200);
    expect(dir.body).toMatchObject([{ type: "file", name: "patwarden.yml", path: ".github/patwarden.yml" }]);
    const readOnly = await installationToken(sim, "acme", { permissions: { contents: "read" } });
    await check("PUT", t, "/repos/acme/.github/contents/other.yml", 403, { token: readOnly, body: { message: "x", content: b64("x") } });
    await check("GET", t, "/repos/acme/.github/contents/patwarden.yml", 403, { token: await installationToken(sim, "acme", { permissions: { members: "read" } }) });
  });

  it("GET /repos/{owner}/{repo}/commits?path=: 200, 404, 409 on an empty repository", async () => {
    const t = "/repos/{owner}/{repo}/commits";
    const res = await check("GET", t, "/repos/acme/.github/commits?path=patwarden.yml&per_page=1", 200);
    expect(res.headers.get("link")).toContain('rel="next"');
    await check("GET", t, "/repos/acme/.github/commits?sha=abcdef0", 404);
    await check("GET", t, "/repos/acme/compliance/commits", 409);
  });
});

describe("installation repositories", () => {
  it("GET /installation/repositories: 200 with Link", async () => {
    const res = await check("GET", "/installation/repositories", "/installation/repositories?per_page=2", 200);
    expect((res.body as { total_count: number }).total_count).toBe(sim.control.org("acme").repos.length);
    expect(res.headers.get("link")).toContain('rel="next"');
  });
});

describe("issues", () => {
  it("create, get, update, list, comments: 200, 201, 404, 422, 403", async () => {
    const t = "/repos/{owner}/{repo}/issues";
    const one = `${t}/{issue_number}`;
    const created = await check("POST", t, "/repos/acme/security-notices/issues", 201, { body: { title: "Stale token", body: "Please rotate", labels: ["patwarden", "stale"], assignees: ["acme-dev"] } });
    const n = (created.body as { number: number }).number;
    await check("POST", t, "/repos/acme/security-notices/issues", 422, { body: { body: "no title" } });
    await check("GET", one, `/repos/acme/security-notices/issues/${n}`, 200);
    await check("GET", one, "/repos/acme/security-notices/issues/999", 404);
    await check("PATCH", one, `/repos/acme/security-notices/issues/${n}`, 200, { body: { state: "closed", state_reason: "not_planned", labels: ["done"] } });
    await check("PATCH", one, `/repos/acme/security-notices/issues/${n}`, 422, { body: { state: "gone" } });
    await check("GET", t, "/repos/acme/security-notices/issues?state=all&labels=done", 200);
    await check("GET", t, "/repos/acme/security-notices/issues?state=maybe", 422);
    const c = `${one}/comments`;
    await check("POST", c, `/repos/acme/security-notices/issues/${n}/comments`, 201, { body: { body: "Reminder" } });
    await check("POST", c, `/repos/acme/security-notices/issues/${n}/comments`, 422, { body: {} });
    await check("GET", c, `/repos/acme/security-notices/issues/${n}/comments`, 200);
    const noIssues = await installationToken(sim, "acme", { permissions: { issues: "read" } });
    await check("POST", t, "/repos/acme/security-notices/issues", 403, { token: noIssues, body: { title: "x" } });
  });
});

describe("coverage and the push webhook", () => {
  it("every repository route was validated with a success response", () => {
    for (const r of API_ROUTES.filter((x) => x.path.startsWith("/repos/") || x.path === "/installation/repositories")) {
      const key = `${r.method} ${r.path.replace(/[:*](\w+)/g, "{$1}")}`;
      const [method, template] = key.split(" ") as [string, string];
      expect(isDocumentedPath(template, method), `${key} is not in the OpenAPI description`).toBe(true);
      expect(covered, `${key} was never driven to a success`).toContain(key);
    }
  });

  it("push payloads (REST PUT and control putFile) match the x-webhooks schema", async () => {
    await sim.control.putFile("acme", "compliance", "reports/2026-06.md", "# June\n");
    const pushes = receiver.received.filter((d) => d.headers["x-github-event"] === "push");
    expect(pushes.length).toBeGreaterThanOrEqual(3);
    for (const delivery of pushes) {
      const result = checkWebhook("push", delivery.json);
      expect(result.valid, result.errors).toBe(true);
    }
  });
});
