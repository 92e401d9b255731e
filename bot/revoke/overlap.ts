// A selection that overlaps an unfinished revocation job is refused: two jobs sending the same
// grants side by side would each count them. The refusal names the job and what to do: wait for
// a running one, or resume one a crash or stop left unfinished.
import type { OverlappingJob } from "../../db/queries/revocation-overlap.ts";
import { InvalidInput } from "../../model/errors.ts";

export type { OverlappingJob };

/** running: a runner holds it now; queued: waiting for a runner; stopped: a crash, a stop or an outage left it unfinished. */
export type OverlapState = "running" | "queued" | "stopped";

export function overlapState(job: OverlappingJob): OverlapState {
  if (job.leaseLive) return "running";
  return job.status === "queued" ? "queued" : "stopped";
}

const grants = (n: number) => `${n.toLocaleString("en-US")} grant${n === 1 ? "" : "s"}`;

/** One sentence for the first overlapping job (a person acts on one at a time). */
export function describeOverlap({ login, job, selected }: { login: string; job: OverlappingJob; selected: number }): string {
  const resume = `\`patwarden revoke --org ${login} --job ${job.id}\``;
  const left = `${grants(job.left)} of ${job.total.toLocaleString("en-US")} left`;
  const same = job.overlap === selected && job.overlap === job.left;
  const whose = same ? `this is the selection of revocation job ${job.id}` : `${grants(job.overlap)} of this selection belong to revocation job ${job.id}`;
  switch (overlapState(job)) {
    case "running":
      return `${whose}, which is running now (${left}); wait for it to finish${same ? "" : ", or leave those grants out"} (${resume} shows it)`;
    case "queued":
      return `${whose}, which is queued (${left}); a running server starts it, or run ${resume}`;
    case "stopped":
      return `${whose}, which stopped before finishing (${left}); resume it with ${resume}${same ? "" : ", then revoke the rest"}`;
  }
}

/** The refusal, InvalidInput("selection", …) naming the first job (`overlapping` is not empty). */
export function overlapError({ login, overlapping, selected }: { login: string; overlapping: OverlappingJob[]; selected: number }): InvalidInput {
  const job = overlapping[0]!;
  const others = overlapping.length > 1 ? ` (and ${overlapping.length - 1} more job${overlapping.length === 2 ? "" : "s"})` : "";
  return new InvalidInput("selection", `${describeOverlap({ login, job, selected })}${others}; nothing was created`);
}
