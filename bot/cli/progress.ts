// Progress of a long command on stderr, one line updated in place, only when stderr is a terminal:
// pipes and CI logs get nothing extra. At most 4 updates a second, however often the engine reports.
import type { CliContext } from "./context.ts";

export const PROGRESS_MIN_INTERVAL_MS = 250;

export type Progress = {
  /** Shows `text` (e.g. "acme: 1,200 of 2,000 grants…") unless the last update was under 250 ms ago. */
  update: (text: string) => void;
  /** Shows the line every second until stopped, for work that reports nothing until it ends. */
  tick: (text: (elapsedSeconds: number) => string) => void;
  /** Clears the line; call before printing results. */
  done: () => void;
};

const SILENT: Progress = { update: () => {}, tick: () => {}, done: () => {} };

export function createProgress({ write, isTTY, now = () => Date.now() }: {
  write: (text: string) => void; isTTY: boolean; now?: () => number;
}): Progress {
  if (!isTTY) return SILENT;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  let timer: NodeJS.Timeout | undefined;
  const show = (text: string) => {
    // \r and erase-line: the line is rewritten in place.
    write(`\r\x1b[2K${text}`);
    shown = true;
  };
  return {
    update(text) {
      const t = now();
      if (t - last < PROGRESS_MIN_INTERVAL_MS) return;
      last = t;
      show(text);
    },
    tick(text) {
      const started = now();
      const render = () => show(text(Math.floor((now() - started) / 1000)));
      render();
      clearInterval(timer);
      timer = setInterval(render, 1000);
      timer.unref();
    },
    done() {
      clearInterval(timer);
      timer = undefined;
      if (shown) write("\r\x1b[2K");
      shown = false;
    },
  };
}

/** The command's progress line: on its stderr, when the process's stderr is a terminal. */
export function progressOf(ctx: Pick<CliContext, "err">): Progress {
  return createProgress({ write: ctx.err, isTTY: Boolean(process.stderr.isTTY) });
}

/** "1,200" */
export const count = (n: number) => n.toLocaleString("en-US");

/** Runs `work` with "label… 12 s" ticking on a terminal's stderr (the verb reports nothing until it ends). */
export async function withTicker<T>(ctx: Pick<CliContext, "err">, label: string, work: () => Promise<T>): Promise<T> {
  const progress = progressOf(ctx);
  progress.tick((s) => `${label}… ${s} s`);
  try {
    return await work();
  } finally {
    progress.done();
  }
}
