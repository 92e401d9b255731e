// Keeps each org's overview summary (org_summaries) current from the writes, not the reads: the
// sync's grant pages, the end of every sync run (webhook ones too), revocation batches and policy
// runs call `noteGrantsChanged`; a page view reads the stored row and, when it is older than
// SUMMARY_MAX_AGE_MS (time alone moves stale, expiring and expired grants) or the org's change marks
// moved since it was counted (a write in another process), refreshes it in the background.
//
// Per org and per process: one computation at a time (single flight), at most one start every
// MIN_GAP_MS while writes keep coming (a long sync), and one more after the last write. State lives
// per database handle (one engine, or a test's database), never in a module variable that handlers read.
import type { Db } from "../../db/client.ts";
import { marksToken, readOrgChangeMarks } from "../../db/queries/org-version.ts";
import { computeOrgSummary, readOrgSummary, saveOrgSummary, type OrgSummary } from "../../db/queries/org-summary.ts";

/** A summary older than this is recounted on the next view (served meanwhile, with its "as of"). */
export const SUMMARY_MAX_AGE_MS = 15 * 60_000;
/** While writes keep coming, a summary is recounted at most this often. */
export const MIN_GAP_MS = 10_000;

type Log = { warn: (msg: string) => unknown };
type Clock = () => Date;
type OrgState = {
  running: Promise<void> | null;
  /** Written to while counting: count again after. */
  dirty: boolean;
  lastStart: number;
  timer: NodeJS.Timeout | null;
  now: Clock;
  log?: Log;
};

const states = new WeakMap<Db, Map<number, OrgState>>();

function stateOf(db: Db, orgId: number, now: Clock, log?: Log): OrgState {
  let orgsOfDb = states.get(db);
  if (!orgsOfDb) states.set(db, (orgsOfDb = new Map()));
  let s = orgsOfDb.get(orgId);
  if (!s) orgsOfDb.set(orgId, (s = { running: null, dirty: false, lastStart: -Infinity, timer: null, now, log }));
  s.now = now;
  if (log) s.log = log;
  return s;
}

/**
 * The org's change marks that grant data follows (sync runs, requests, revocation jobs and their
 * items, policy runs; not the pause flag or the policy file): what a summary reflects.
 */
async function readSourceVersion(db: Db, orgId: number): Promise<string | null> {
  const marks = await readOrgChangeMarks({ db, orgId });
  return marks ? marksToken([marks.sync, marks.requests, marks.jobs, marks.items, marks.policy]) : null;
}

async function compute(db: Db, orgId: number, now: Clock): Promise<OrgSummary | null> {
  const t0 = performance.now();
  const sourceVersion = await readSourceVersion(db, orgId); // before counting: a write during the count moves it again
  if (sourceVersion === null) return null; // the org was disconnected
  const computedAt = now();
  const figures = await computeOrgSummary({ db, orgId, now: computedAt });
  const summary = { ...figures, computedAt, sourceVersion, computeMs: Math.round(performance.now() - t0) };
  await saveOrgSummary({ db, orgId, summary });
  return summary;
}

/** Starts a count now (the caller checked none runs); the promise holds its errors, s.running never rejects. */
function begin(db: Db, orgId: number, s: OrgState): Promise<OrgSummary | null> {
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  s.dirty = false;
  s.lastStart = performance.now();
  const counting = compute(db, orgId, s.now);
  s.running = counting.then(() => {}, () => {}).finally(() => {
    s.running = null;
    if (s.dirty) schedule(db, orgId, s);
  });
  return counting;
}

function start(db: Db, orgId: number, s: OrgState): Promise<void> {
  return begin(db, orgId, s).then(
    () => {},
    (e: unknown) => void s.log?.warn(`the overview summary of org ${orgId} was not refreshed: ${e instanceof Error ? e.message : String(e)}`),
  );
}

function schedule(db: Db, orgId: number, s: OrgState): void {
  if (s.running) {
    s.dirty = true;
    return;
  }
  const wait = s.lastStart + MIN_GAP_MS - performance.now();
  if (wait <= 0) void start(db, orgId, s);
  else if (!s.timer) {
    s.timer = setTimeout(() => void start(db, orgId, s), wait);
    s.timer.unref();
  }
}

/**
 * Grants or what the overview counts changed: recount soon, in the background (the writer never
 * waits). `final` (the end of a run) skips the wait between recounts, so its last write is counted
 * now; the promise resolves once that recount is stored (a sync run waits for it: when `sync`
 * returns, the overview says what it wrote), and never rejects (a failed recount is logged).
 */
export function noteGrantsChanged({ db, orgId, now, log, final = false }: { db: Db; orgId: number; now: Clock; log?: Log; final?: boolean }): Promise<void> {
  const s = stateOf(db, orgId, now, log);
  if (!final) {
    schedule(db, orgId, s);
    return Promise.resolve();
  }
  return (async () => {
    while (s.running) await s.running; // it may have read the org before this run's last write
    await start(db, orgId, s);
  })();
}

/**
 * The org's summary for a page view: the stored one, refreshed in the background when it is older
 * than SUMMARY_MAX_AGE_MS by `now` (either way: a clock moved back too) or a write moved the org's
 * change marks since; counted here, once, only when the org never had one. null: unknown org.
 */
export async function readFreshOrgSummary({ db, orgId, now, log }: { db: Db; orgId: number; now: Clock; log?: Log }): Promise<OrgSummary | null> {
  const [stored, version] = await Promise.all([readOrgSummary({ db, orgId }), readSourceVersion(db, orgId)]);
  const s = stateOf(db, orgId, now, log);
  if (!stored) {
    if (version === null) return null;
    // Single flight: a view arriving while another computes waits for that one. A failed count's
    // error is this view's (a database failure in words at the edge); the next view tries again.
    for (;;) {
      while (s.running) await s.running;
      const again = await readOrgSummary({ db, orgId });
      if (again) return again;
      if (!s.running) return begin(db, orgId, s);
    }
  }
  const age = Math.abs(now().getTime() - stored.computedAt.getTime());
  if (age > SUMMARY_MAX_AGE_MS || (version !== null && version !== stored.sourceVersion)) schedule(db, orgId, s);
  return stored;
}

/** Recounts now (waiting for a running count first), and resolves when stored: the scheduler, tests. */
export async function refreshOrgSummary({ db, orgId, now, log }: { db: Db; orgId: number; now: Clock; log?: Log }): Promise<void> {
  const s = stateOf(db, orgId, now, log);
  while (s.running) await s.running;
  await begin(db, orgId, s);
}

/** Resolves when no recount of any org on `db` is running or waiting (pending ones start now). */
export async function summariesIdle(db: Db): Promise<void> {
  const orgsOfDb = states.get(db);
  if (!orgsOfDb) return;
  for (;;) {
    const busy = [...orgsOfDb.entries()].filter(([, s]) => s.running || s.timer || s.dirty);
    if (busy.length === 0) return;
    await Promise.all(busy.map(([orgId, s]) => s.running ?? start(db, orgId, s)));
  }
}
