// A forwarded command runs in the server, which has no terminal: `patwarden revoke` shows the
// preview and asks for the org's name in the caller's process, then forwards with --yes.
import { checkReason } from "../revoke/index.ts";
import { parseFlags } from "./args.ts";
import { EXIT, type BeforeForward } from "./context.ts";
import { REVOKE_FLAGS } from "./revoke-flags.ts";
import { describePreview, type PreviewJson } from "./revoke-output.ts";

/** A forwarded revoke runs in the server, which has no terminal: preview and ask here first. */
export async function confirmBeforeForward({ args, ask, out, err, forward }: Parameters<BeforeForward>[0]): Promise<string[] | { exitCode: number }> {
  const asks = !args.some((a) => a === "--yes" || a === "--dry-run" || a === "--job" || a.startsWith("--job=") || a === "--help" || a === "-h");
  if (!asks || !ask) return args;
  try {
    const { values } = parseFlags({ args, options: REVOKE_FLAGS });
    checkReason(values.reason);
  } catch {
    return args; // the server reports bad flags exactly as a direct run would
  }
  const dry = await forward([...args, "--dry-run", "--format", "json"]);
  if (dry === "unreachable") return args;
  if (dry.exitCode !== EXIT.ok) {
    out(dry.stdout);
    err(dry.stderr);
    return { exitCode: dry.exitCode };
  }
  let preview: PreviewJson;
  try {
    preview = JSON.parse(dry.stdout) as PreviewJson;
  } catch {
    err("error: the patwarden server answered the preview with something unexpected; nothing was revoked\n");
    return { exitCode: EXIT.failed };
  }
  err(describePreview(preview));
  const typed = await ask(`Type the organization name (${preview.org}) to revoke ${preview.count} grants: `);
  if (typed.trim().toLowerCase() !== preview.org.toLowerCase()) {
    err("error: --yes: the name did not match; nothing was revoked\n");
    return { exitCode: EXIT.badInput };
  }
  return [...args, "--yes", "--expect-count", String(preview.count)];
}
