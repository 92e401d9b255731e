// Who a CLI action is recorded as in the audit log: the operating-system user running it.
import { userInfo } from "node:os";

export function cliActor(): string {
  try {
    return userInfo().username || "cli";
  } catch {
    return "cli";
  }
}
