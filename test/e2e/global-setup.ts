// Builds the dashboard once for all browser tests (skipped when .next is newer than the sources).
import { ensureDashboardBuild } from "../../app/_server/ensure-build.ts";
import { PROJECT_DIR } from "../../app/server-handler.ts";

export default async function setup(): Promise<void> {
  const { built, ms } = await ensureDashboardBuild({ dir: PROJECT_DIR, log: (line) => console.log(line) });
  console.log(built ? `dashboard built in ${(ms / 1000).toFixed(1)} s` : "dashboard build is current");
}
