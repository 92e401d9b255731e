// Injected failures, consumed in the order they were added: the first fault whose path and
// method match a request applies to it and loses one from its count.
import type { Fault, FaultSpec, SimState } from "./types.ts";

const STATUS_MESSAGES: Record<number, string> = {
  500: "Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
};

export function faultMessage(status: number): string {
  return STATUS_MESSAGES[status] ?? "Server Error";
}

/** "/regex/" or "/regex/flags" strings become RegExps (so faults can be sent as JSON). */
function toMatcher(path: string | RegExp | undefined): string | RegExp | undefined {
  if (typeof path !== "string") return path;
  const m = /^\/(.+)\/([gimsuy]*)$/.exec(path);
  return m ? new RegExp(m[1]!, m[2]!.replace("g", "")) : path;
}

export function addFault(state: SimState, spec: FaultSpec): Fault {
  const count = spec.count === undefined ? 1 : spec.count < 0 ? Infinity : spec.count;
  if (!(count > 0)) throw new Error("fault count must be positive (or -1 / Infinity for until cleared)");
  const fault: Fault = { ...spec, path: toMatcher(spec.path), method: spec.method?.toUpperCase(), count };
  state.faults.push(fault);
  return fault;
}

export function clearFaults(state: SimState): void {
  state.faults.length = 0;
}

function matches(fault: Fault, method: string, targets: string[]): boolean {
  if (fault.method && fault.method !== method) return false;
  if (fault.path === undefined) return true;
  const matcher = fault.path;
  return targets.some((t) => (typeof matcher === "string" ? t.includes(matcher) : matcher.test(t)));
}

/** Takes one use of the first matching fault. `targets` are the raw URL and the normalized path?query. */
export function takeFault(state: SimState, args: { method: string; targets: string[] }): Fault | null {
  const index = state.faults.findIndex((f) => matches(f, args.method, args.targets));
  if (index < 0) return null;
  const fault = state.faults[index]!;
  fault.count -= 1;
  if (fault.count <= 0) state.faults.splice(index, 1);
  return fault;
}

/** Validates a fault sent over HTTP. */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== "object" || input === null) throw new Error("fault must be an object");
  const o = input as Record<string, unknown>;
  const spec: FaultSpec = {};
  if (o.path !== undefined) {
    if (typeof o.path !== "string") throw new Error("fault.path must be a string (substring or /regex/)");
    spec.path = o.path;
  }
  if (o.method !== undefined) spec.method = String(o.method);
  for (const key of ["status", "count", "delayMs", "answerDelayMs"] as const) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== "number") throw new Error(`fault.${key} must be a number`);
    spec[key] = o[key] as number;
  }
  if (o.timeout !== undefined) spec.timeout = Boolean(o.timeout);
  if (o.reset !== undefined) spec.reset = Boolean(o.reset);
  if (o.secondaryRateLimit !== undefined) {
    const s = o.secondaryRateLimit as Record<string, unknown>;
    if (typeof s !== "object" || s === null || typeof s.retryAfter !== "number") throw new Error("fault.secondaryRateLimit.retryAfter must be a number");
    spec.secondaryRateLimit = { retryAfter: s.retryAfter, status: s.status === 429 ? 429 : 403 };
  }
  return spec;
}
