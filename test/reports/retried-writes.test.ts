// Report delivery when GitHub performs a write but answers after the client gave up (the
// simulator's answerDelayMs fault; the client times out at 400 ms): the report issue, its changes
// comment and the committed file each exist once, and the delivery records no error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubApp } from "../../bot/github/client.ts";
import { policyConfigSchema } from "../../bot/policies/config.ts";
import { generateReport, readDocument, renderReport } from "../../bot/reports/index.ts";
import { quietLog } from "../sync/harness.ts";
import { startHarness, syncFull, type Harness } from "./harness.ts";

let hs: Harness;
let org: { id: number; login: string; installationId: number };
let generate: (minutes: number) => ReturnType<typeof generateReport>;
const config = policyConfigSchema.parse({
  reports: { issue: { repository: "compliance" }, file: { repository: "compliance", path: "reports/acme.{format}", format: "md" } },
});
const day = new Date();

beforeAll(async () => {
  hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 30, requests: 2 }] } });
  await syncFull(hs, "acme");
  org = await hs.orgRef("acme");
  const app = createGitHubApp({ appId: hs.sim.app.id, privateKey: hs.sim.app.privateKey, baseUrl: hs.sim.apiUrl, log: quietLog, requestTimeoutMs: 400, retries: 2, retryBaseMs: 10 });
  const octokit = app.installationOctokit(org.installationId);
  generate = (minutes) => generateReport({ db: hs.h.db, octokit, org, now: new Date(day.getTime() + minutes * 60_000), trigger: "test", requestedBy: "auditor", config });
}, 120_000);
afterAll(() => hs?.close());

const slow = (path: string, method: string) => hs.sim.control.injectFault({ path, method, answerDelayMs: 1_000 });
const issues = () => hs.sim.control.issues("acme", "compliance");

describe("report delivery whose answers are lost", () => {
  it("the report issue is created once", async () => {
    slow("/repos/acme/compliance/issues", "POST");
    const { delivery } = await generate(0);
    expect(delivery!.errors).toBeUndefined();
    expect(issues()).toHaveLength(1);
    expect(delivery!.issue).toMatchObject({ number: issues()[0]!.number, created: true });
  }, 60_000);

  it("the changes comment is posted once", async () => {
    slow("/repos/acme/compliance/issues/1/comments", "POST");
    const { delivery } = await generate(1);
    expect(delivery!.errors).toBeUndefined();
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.comments_list).toHaveLength(1);
    expect(delivery!.issue!.commentUrl).toBe(issues()[0]!.comments_list[0]!.html_url);
  }, 60_000);

  it("the file is committed once, and the delivery names that commit", async () => {
    const before = hs.sim.control.file("acme", "compliance", "reports/acme.md")!.history.length;
    slow("/repos/acme/compliance/contents/", "PUT");
    const { delivery, report } = await generate(2);
    expect(delivery!.errors).toBeUndefined();
    const file = hs.sim.control.file("acme", "compliance", "reports/acme.md")!;
    expect(file.history).toHaveLength(before + 1);
    expect(file.text).toBe(renderReport(readDocument(report)!, "md"));
    expect(delivery!.file).toMatchObject({ commitSha: file.history[0]!.sha, contentSha: file.sha });
  }, 60_000);
});
