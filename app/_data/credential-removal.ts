import "server-only";
// Removing SSO credential authorizations from the credentials page: preview and start. Each takes
// the viewer and checks revoke access to the org first; "select all matching" is the page's URL
// filter, resolved here against the inventory, never a list of ids from the browser.
import type { CredentialTarget } from "../../bot/revoke/credential-verbs.ts";
import { parseCredentialQuery } from "../../model/credential-filter.ts";
import { InvalidInput } from "../../model/errors.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

/** What the browser sends: the authorization ids it shows as selected, or the page's query string. */
export type CredentialRemovalInput = { kind: "ids"; ids: number[] } | { kind: "filter"; query: string };

export type CredentialRemovalPreviewView = {
  org: string;
  count: number;
  calls: number;
  sample: { id: number; login: string; type: string; lastEight: string | null; title: string | null; accessedAt: Date | null }[];
  confirmOrgName: boolean;
  /** A sentence when this selection cannot be removed as it is. */
  problem: string | null;
};

function toTarget(input: CredentialRemovalInput): CredentialTarget {
  if (input.kind === "ids") return { ids: input.ids };
  const params = new URLSearchParams(input.query);
  const raw = Object.fromEntries([...new Set(params.keys())].filter((k) => k !== "after" && k !== "before").map((k) => [k, params.getAll(k)]));
  const { filter } = parseCredentialQuery({ input: raw });
  if (filter.state === "removed") throw new InvalidInput("filter", "shows removed credentials; only active authorizations can be removed");
  return { filter: { ...filter, state: "active" } };
}

export async function previewCredentialRemovalFor({ viewer, org, target }: {
  viewer: Viewer | null; org: string; target: CredentialRemovalInput;
}): Promise<CredentialRemovalPreviewView> {
  const { org: row } = await checkOrgAccess({ viewer, org, need: "revoke" });
  const p = await getDashboardRuntime().engine.revocations.previewCredentials({ orgId: row.id, target: toTarget(target) });
  const problem = p.unavailable ? `${p.unavailable}.`
    : p.unknown.length ? `${p.unknown.length} of the selected ids are not credential authorizations of ${row.login}; reload the page and select again.`
    : p.alreadyRemoved.length ? `${p.alreadyRemoved.length} of the selected credentials are no longer authorized; reload the page and select again.`
    : p.overlapping[0] ? `Revocation job ${p.overlapping[0].id} already holds ${p.overlapping[0].overlap} of these credentials; wait for it to finish (or resume it).`
    : p.count === 0 ? "No active credential authorizations match this selection; nothing would be removed."
    : p.tooMany ? `This selects more than ${p.max.toLocaleString("en-US")} credentials; narrow the filter.`
    : null;
  return {
    org: row.login, count: p.count, calls: p.calls, confirmOrgName: p.confirmOrgName, problem,
    sample: p.sample.map((c) => ({ id: c.credentialId, login: c.login, type: c.credentialType, lastEight: c.tokenLastEight, title: c.title ?? c.note, accessedAt: c.accessedAt })),
  };
}

/** Creates the removal job (frozen, audited) and runs it in this process in the background; the job page shows progress. */
export async function startCredentialRemoval({ viewer, org, target, reason, confirmation, expectCount }: {
  viewer: Viewer | null; org: string; target: CredentialRemovalInput; reason: string; confirmation?: string; expectCount?: number;
}): Promise<{ jobId: number; org: string }> {
  const { org: row } = await checkOrgAccess({ viewer, org, need: "revoke" });
  const { jobId } = await getDashboardRuntime().engine.revocations.startCredentials({
    orgId: row.id, target: toTarget(target), reason, actor: viewer!.login, actorType: "user", confirmation, expectCount,
  }).catch((e: unknown) => {
    const { kind, field } = e as { kind?: string; field?: string };
    if (kind === "InvalidInput" && field === "github") {
      throw new InvalidInput("github", `removing credentials from the dashboard needs the GitHub App on this server (APP_ID and PRIVATE_KEY); use \`npx patwarden revoke --org ${row.login} --credentials\` where it is configured`);
    }
    throw e;
  });
  return { jobId, org: row.login };
}
