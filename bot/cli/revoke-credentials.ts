// `patwarden revoke --org LOGIN --credentials --credential-ids ID[,ID…] (--dry-run | --reason TEXT [--yes])`:
// removes SSO credential authorizations (one DELETE each) as a revocation job, resumable with
// `revoke --job ID` like a grant revocation.
import type { CredentialRemovalPreview, RevocationCredentialItem } from "../revoke/credential-verbs.ts";
import { overlapError } from "../revoke/overlap.ts";
import type { Engine } from "../engine.ts";
import { cliActor } from "./actor.ts";
import type { OutputFormat, ParsedFlags } from "./args.ts";
import { EXIT, type CliContext } from "./context.ts";
import { formatRows, isoOrNull } from "./format.ts";
import { plural } from "../../model/words.ts";
import { InvalidInput } from "../../model/errors.ts";
import { asFlagError, reasonFlag } from "./revoke-flags.ts";

export function parseCredentialIds(values: ParsedFlags["values"]): number[] {
  const raw = values["credential-ids"] as string[] | undefined;
  if (!raw) throw new InvalidInput("--credential-ids", "give the credential authorization ids to remove (the \"id\" column of `patwarden credentials`)");
  const parsed = raw.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  const bad = parsed.find((v) => !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1);
  if (bad !== undefined || parsed.length === 0) throw new InvalidInput("--credential-ids", `expected credential authorization ids (positive whole numbers), got ${JSON.stringify(bad ?? "")}`);
  return parsed.map(Number);
}

export function credentialPreviewJson(p: CredentialRemovalPreview) {
  return {
    org: p.org.login, credentials_status: p.credentialsStatus, count: p.count, calls: p.calls,
    sample: p.sample.map((c) => ({ id: c.credentialId, login: c.login, type: c.credentialType, last_eight: c.tokenLastEight, title: c.title ?? c.note, accessed_at: isoOrNull(c.accessedAt) })),
    unknown: p.unknown, duplicates: p.duplicates, already_removed: p.alreadyRemoved, unavailable: p.unavailable, confirm_org_name: p.confirmOrgName,
    overlapping_jobs: p.overlapping.map((j) => ({ id: j.id, overlap: j.overlap, left: j.left, total: j.total })),
  };
}

function describe(p: ReturnType<typeof credentialPreviewJson>): string {
  const lines = [`Would remove ${plural(p.count, "SSO credential authorization")} in ${p.org} with ${plural(p.calls, "DELETE call")} (one each).`];
  for (const c of p.sample) lines.push(`  ${c.id}  ${c.login}  ${c.type}  ${c.last_eight ?? c.title ?? ""}  last used ${c.accessed_at?.slice(0, 10) ?? "never"}`);
  if (p.unavailable) lines.push(p.unavailable);
  if (p.unknown.length) lines.push(`Not credential authorizations of ${p.org}: ${p.unknown.join(", ")}`);
  if (p.duplicates.length) lines.push(`Listed more than once: ${p.duplicates.join(", ")}`);
  if (p.already_removed.length) lines.push(`No longer authorized: ${p.already_removed.join(", ")}`);
  for (const j of p.overlapping_jobs) lines.push(`${j.overlap} of these belong to revocation job ${j.id} (${j.left} of ${j.total} left): \`patwarden revoke --org ${p.org} --job ${j.id}\``);
  return `${lines.join("\n")}\n`;
}

/** The credential flow of `patwarden revoke`; returns the job to run (or an exit code when there is none). */
export async function createCredentialJob({ ctx, engine, values, org, format }: {
  ctx: CliContext; engine: Engine; values: ParsedFlags["values"]; org: { id: number; login: string }; format: OutputFormat;
}): Promise<{ jobId: number; runnerId: string } | number> {
  const ids = parseCredentialIds(values);
  const reason = values["dry-run"] ? "" : reasonFlag(values);
  const preview = await engine.revocations.previewCredentials({ orgId: org.id, target: { ids } }).catch(asFlagErrorCredentials);
  const json = credentialPreviewJson(preview);
  if (values["dry-run"]) {
    ctx.out(format === "json" ? `${JSON.stringify(json, null, 2)}\n` : describe(json));
    return preview.unknown.length || preview.duplicates.length || preview.alreadyRemoved.length || preview.unavailable || preview.overlapping.length ? EXIT.badInput : EXIT.ok;
  }
  if (preview.overlapping.length) asFlagErrorCredentials(overlapError({ login: org.login, overlapping: preview.overlapping, selected: preview.count }));
  if (!values.yes) {
    ctx.err(describe(json));
    if (!ctx.ask) {
      ctx.err(`error: --yes: nobody at a terminal to confirm; re-run with --yes to remove these ${plural(preview.count, "credential authorization")} (or --dry-run to only look)\n`);
      return EXIT.badInput;
    }
    const typed = await ctx.ask(`Type the organization name (${org.login}) to remove ${plural(preview.count, "credential authorization")}: `);
    if (typed.trim().toLowerCase() !== org.login.toLowerCase()) {
      ctx.err("error: --yes: the name did not match; nothing was removed\n");
      return EXIT.badInput;
    }
  }
  const { job, runnerId } = await engine.revocations.createCredentials({
    orgId: org.id, target: { ids }, reason, actor: cliActor(), actorType: "cli", confirmation: org.login, expectCount: values.yes ? undefined : preview.count,
  }).catch(asFlagErrorCredentials);
  ctx.err(`Revocation job ${job.id}: ${plural(job.total, "credential authorization")}, one DELETE each…\n`);
  return { jobId: job.id, runnerId };
}

function asFlagErrorCredentials(e: unknown): never {
  if (e instanceof InvalidInput && e.field === "credentialIds") throw new InvalidInput("--credential-ids", e.message.slice(e.field.length + 2));
  return asFlagError(e);
}

/** Every credential item of a job, page by page. */
export async function allCredentialItems({ engine, orgId, jobId }: { engine: Engine; orgId: number; jobId: number }): Promise<RevocationCredentialItem[]> {
  const out: RevocationCredentialItem[] = [];
  for (let after: number | undefined; ;) {
    const page = await engine.revocations.credentialItems({ orgId, jobId, afterCredentialId: after, limit: 1000 });
    out.push(...page.items);
    if (page.nextAfter === null) return out;
    after = page.nextAfter;
  }
}

export function formatCredentialOutcomes({ format, items }: { format: OutputFormat; items: RevocationCredentialItem[] }): string {
  return formatRows({
    format, rows: items, json: (i) => i,
    columns: [
      { header: format === "csv" ? "credential_id" : "Credential", value: (i) => i.credentialId },
      { header: format === "csv" ? "login" : "Owner", value: (i) => i.login },
      { header: format === "csv" ? "type" : "Type", value: (i) => i.credentialType },
      { header: format === "csv" ? "outcome" : "Outcome", value: (i) => (i.status === "pending" || i.status === "in_flight" ? `not finished (${i.status})` : i.status) },
      { header: format === "csv" ? "error" : "Error", value: (i) => i.lastError },
    ],
  });
}
