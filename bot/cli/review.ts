// `patwarden review --org LOGIN --ids ID[,ID…] (--approve | --deny) --reason TEXT`: approve or deny
// pending PAT requests (≤ 100 a call), with the outcome of each.
import { InvalidInput } from "../../model/errors.ts";
import { checkReason } from "../revoke/index.ts";
import { parseFlags, parseFormat, requireOrgFlag } from "./args.ts";
import { cliActor } from "./actor.ts";
import { EXIT, type Command } from "./context.ts";
import { printRows, WIDE_FLAG, WIDE_HELP } from "./format.ts";
import { plural } from "../../model/words.ts";

const HELP = `Usage: patwarden review --org LOGIN --ids ID[,ID…] (--approve | --deny) --reason TEXT [--format table|json|csv]

Approves or denies pending PAT requests (the "id" column of \`patwarden requests\`), at most 100
a call. The reason (1–1024 characters) goes to GitHub and to the audit log. Approved requests'
new grants are fetched at once.
Exit code 0 only when every request was approved or denied as asked (1 when one was already
reviewed elsewhere or failed), 2 for bad input.

${WIDE_HELP}
`;

function parseIds(raw: unknown): number[] {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const ids = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  if (ids.length === 0) throw new InvalidInput("--ids", "is required: the request ids to review, e.g. --ids 5000001,5000002");
  const bad = ids.find((v) => !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1);
  if (bad !== undefined) throw new InvalidInput("--ids", `expected request ids (positive whole numbers), got ${JSON.stringify(bad)}`);
  return ids.map(Number);
}

export const reviewCommand: Command = {
  name: "review",
  summary: "approve or deny pending PAT requests with a reason",
  usage: "patwarden review --org LOGIN --ids … --approve|--deny --reason TEXT",
  help: HELP,
  forwardable: true,
  async run(ctx, args) {
    const { values } = parseFlags({
      args,
      options: { org: { type: "string" }, ids: { type: "string", multiple: true }, approve: { type: "boolean" }, deny: { type: "boolean" }, reason: { type: "string" }, format: { type: "string" }, ...WIDE_FLAG },
    });
    const format = parseFormat(values.format);
    const login = requireOrgFlag(values.org, "review");
    if (Boolean(values.approve) === Boolean(values.deny)) throw new InvalidInput("--approve", "give exactly one of --approve or --deny");
    const requestIds = parseIds(values.ids);
    try {
      checkReason(values.reason);
    } catch (e) {
      throw e instanceof InvalidInput ? new InvalidInput("--reason", e.message.slice("reason: ".length)) : e;
    }
    const engine = await ctx.engine();
    if (!ctx.bridged()) await engine.ops.migrate({ embeddedOnly: true });
    const org = await engine.orgs.resolve({ login, field: "--org" });
    if (!org.installationId) throw new InvalidInput("--org", `the App is not installed on ${org.login}; install it, then run \`patwarden sync\``);
    const { results } = await engine.requests.review({
      orgId: org.id, ids: requestIds, decision: values.approve ? "approve" : "deny",
      reason: String(values.reason), actor: cliActor(), actorType: "cli",
    }).catch((e: unknown) => {
      throw e instanceof InvalidInput && e.field === "ids" ? new InvalidInput("--ids", e.message.slice("ids: ".length)) : e;
    });
    printRows(ctx, {
      format,
      wide: values.wide === true,
      rows: results,
      json: (r) => ({ id: r.requestId, outcome: r.outcome, grant_id: r.grantId ?? null, error: r.error ?? null }),
      columns: [
        { header: format === "csv" ? "id" : "ID", value: (r) => r.requestId },
        { header: format === "csv" ? "outcome" : "Outcome", value: (r) => r.outcome },
        { header: format === "csv" ? "grant_id" : "Grant", value: (r) => r.grantId },
        { header: format === "csv" ? "error" : "Error", value: (r) => r.error, shrink: true },
      ],
    });
    const wanted = values.approve ? "approved" : "denied";
    const off = results.filter((r) => r.outcome !== wanted);
    ctx.err(`${org.login}: ${results.length - off.length} of ${plural(results.length, "request")} ${wanted}${off.length ? `; ${off.map((r) => `${r.requestId} ${r.outcome}`).join(", ")}` : ""}\n`);
    return off.length ? EXIT.failed : EXIT.ok;
  },
};

