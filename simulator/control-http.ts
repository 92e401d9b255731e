// /_sim/* — the control surface over HTTP (no auth, JSON in and out), for tests and tools in
// another process. Each route is a thin adapter onto the same control method.
import type { ClockPatch, SimControl } from "./control.ts";
import { SimControlError } from "./control-input.ts";
import { parseFaultSpec } from "./faults.ts";
import type { SimResponse } from "./http-util.ts";
import type { Behaviour, SimOrgSpec, SimState } from "./types.ts";

type Input = { m: string[]; body: Record<string, unknown>; control: SimControl; state: SimState };
type ControlRoute = [method: string, pattern: RegExp, run: (i: Input) => unknown];

const num = (text: string | undefined): number => Number(text);
const ok = (value: unknown): SimResponse => ({ status: value === undefined ? 204 : 200, body: value });

const ROUTES: ControlRoute[] = [
  ["GET", /^\/orgs$/, ({ control }) => control.orgs()],
  ["POST", /^\/orgs$/, ({ control, body }) => control.addOrg(body as SimOrgSpec)],
  ["GET", /^\/orgs\/([^/]+)$/, ({ control, m }) => control.org(m[1]!)],
  ["POST", /^\/orgs\/([^/]+)\/grants$/, ({ control, m, body }) => control.addGrant(m[1]!, body)],
  ["POST", /^\/orgs\/([^/]+)\/grants\/(\d+)\/revoke$/, ({ control, m }) => control.revokeGrant(m[1]!, num(m[2]))],
  ["PATCH", /^\/orgs\/([^/]+)\/grants\/(\d+)$/, ({ control, m, body }) => control.updateGrant(m[1]!, num(m[2]), body)],
  ["GET", /^\/orgs\/([^/]+)\/credentials$/, ({ control, m }) => control.credentials(m[1]!)],
  ["POST", /^\/orgs\/([^/]+)\/credentials$/, ({ control, m, body }) => control.addCredential(m[1]!, body)],
  ["PATCH", /^\/orgs\/([^/]+)\/credentials\/(\d+)$/, ({ control, m, body }) => control.updateCredential(m[1]!, num(m[2]), body)],
  ["DELETE", /^\/orgs\/([^/]+)\/credentials\/(\d+)$/, ({ control, m }) => control.removeCredential(m[1]!, num(m[2]))],
  ["PUT", /^\/orgs\/([^/]+)\/sso$/, ({ control, m, body }) => control.setSso(m[1]!, body.enabled as boolean)],
  ["POST", /^\/orgs\/([^/]+)\/requests$/, ({ control, m, body }) => control.createRequest(m[1]!, body)],
  ["POST", /^\/orgs\/([^/]+)\/requests\/(\d+)\/approve$/, ({ control, m }) => control.approveRequest(m[1]!, num(m[2]))],
  ["POST", /^\/orgs\/([^/]+)\/requests\/(\d+)\/deny$/, ({ control, m }) => control.denyRequest(m[1]!, num(m[2]))],
  ["POST", /^\/orgs\/([^/]+)\/requests\/(\d+)\/cancel$/, ({ control, m }) => control.cancelRequest(m[1]!, num(m[2]))],
  ["POST", /^\/orgs\/([^/]+)\/members\/([^/]+)\/remove$/, ({ control, m }) => control.removeMember(m[1]!, m[2]!)],
  ["POST", /^\/orgs\/([^/]+)\/installation\/suspend$/, ({ control, m }) => control.suspendInstallation(m[1]!)],
  ["POST", /^\/orgs\/([^/]+)\/installation\/unsuspend$/, ({ control, m }) => control.unsuspendInstallation(m[1]!)],
  ["POST", /^\/orgs\/([^/]+)\/installation\/uninstall$/, ({ control, m }) => control.uninstall(m[1]!)],
  ["PUT", /^\/orgs\/([^/]+)\/installation\/permissions$/, ({ control, m, body }) => control.setInstallationPermissions(m[1]!, body as Record<string, string>)],
  ["POST", /^\/orgs\/([^/]+)\/repos$/, ({ control, m, body }) => control.addRepo(m[1]!, String(body.name ?? ""))],
  ["PUT", /^\/orgs\/([^/]+)\/repos\/([^/]+)\/contents\/(.+)$/, ({ control, m, body }) => {
    if (typeof body.text !== "string") throw new SimControlError(422, "text must be a string");
    return control.putFile(m[1]!, m[2]!, m[3]!, body.text, { message: typeof body.message === "string" ? body.message : undefined, author: typeof body.author === "string" ? body.author : undefined });
  }],
  ["GET", /^\/orgs\/([^/]+)\/repos\/([^/]+)\/contents\/(.+)$/, ({ control, m }) => {
    const file = control.file(m[1]!, m[2]!, m[3]!);
    if (!file) throw new SimControlError(404, `no file ${m[3]} in ${m[1]}/${m[2]}`);
    return file;
  }],
  ["GET", /^\/orgs\/([^/]+)\/repos\/([^/]+)\/issues$/, ({ control, m }) => control.issues(m[1]!, m[2]!)],
  ["GET", /^\/clock$/, ({ control }) => control.clock()],
  ["POST", /^\/clock$/, ({ control, body }) => control.setClock(body as ClockPatch)],
  ["POST", /^\/faults$/, ({ control, body }) => control.injectFault(parseFaultSpec(body))],
  ["DELETE", /^\/faults$/, ({ control }) => control.clearFaults()],
  ["POST", /^\/latency$/, ({ control, body }) => control.setLatency(Number(body.ms ?? 0))],
  ["POST", /^\/token-ttl$/, ({ control, body }) => control.setTokenTtl(Number(body.seconds))],
  ["GET", /^\/rate-limit\/(\d+)$/, ({ control, m }) => control.rateLimit(num(m[1]))],
  ["POST", /^\/rate-limit\/(\d+)$/, ({ control, m, body }) => control.setRateLimit(num(m[1]), body as { limit?: number; remaining?: number; resetAt?: string | number })],
  ["POST", /^\/behaviour$/, ({ control, body }) => control.setBehaviour(body as Partial<Behaviour>)],
  ["GET", /^\/requests-log$/, ({ control }) => control.requestLog()],
  ["DELETE", /^\/requests-log$/, ({ control }) => control.clearRequestLog()],
  ["GET", /^\/webhooks-log$/, ({ control }) => control.webhookLog()],
  ["POST", /^\/webhooks$/, ({ control, body }) => control.deliverWebhook(String(body.event), body.payload)],
  ["POST", /^\/webhook-url$/, ({ control, body }) => control.setWebhookUrl(typeof body.url === "string" ? body.url : null)],
  ["GET", /^\/app$/, ({ state }) => {
    const { publicKey: _k, ...app } = state.app;
    return { ...app, ...state.urls };
  }],
];

/** Handles a request whose path starts with /_sim (pass the rest, e.g. "/orgs/acme"). */
export async function handleControlRequest(args: { method: string; path: string; bodyText: string; control: SimControl; state: SimState }): Promise<SimResponse> {
  const route = ROUTES.find(([method, pattern]) => method === args.method && pattern.test(args.path));
  if (!route) return { status: 404, body: { message: `no control route ${args.method} /_sim${args.path}` } };
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = args.bodyText.trim() ? JSON.parse(args.bodyText) : {};
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("body must be a JSON object");
    body = parsed as Record<string, unknown>;
  } catch (error) {
    return { status: 400, body: { message: error instanceof Error ? error.message : "bad JSON" } };
  }
  const m = route[1].exec(args.path)!.map((part) => (part === undefined ? part : decodeURIComponent(part)));
  try {
    return ok(await route[2]({ m, body, control: args.control, state: args.state }));
  } catch (error) {
    if (error instanceof SimControlError) return { status: error.status, body: { message: error.message } };
    if (error instanceof Error) return { status: 422, body: { message: error.message } };
    throw error;
  }
}
