// Validators for GitHub's documented responses and webhook payloads, compiled with ajv from
// @octokit/openapi's api.github.com.json (the whole document is added once; operations are
// referenced as doc#/paths/…, so $refs to #/components/… resolve inside it). `ghecChecks()` does
// the same against ghec.json, for the Enterprise Cloud-only routes (SSO credential authorizations).
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Operation = { responses: Record<string, { $ref?: string; content?: Record<string, unknown> }> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, { content?: Record<string, unknown> }> }; "x-webhooks": Record<string, unknown> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** OpenAPI 3.0 allows `nullable` beside anyOf/allOf without `type`; ajv does not, so say it in JSON Schema. */
function rewriteUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(rewriteUntypedNullable);
  if (typeof node !== "object" || node === null) return;
  const obj = node as Record<string, unknown>;
  for (const value of Object.values(obj)) rewriteUntypedNullable(value);
  // `nullable` on an enum allows null too (state_reason of an open issue is null).
  if (obj.nullable === true && Array.isArray(obj.enum) && !obj.enum.includes(null)) obj.enum = [...(obj.enum as unknown[]), null];
  if (obj.nullable === true && obj.type === undefined) {
    const { nullable: _n, ...rest } = obj;
    for (const key of Object.keys(obj)) delete obj[key];
    obj.anyOf = [{ type: "null" }, rest];
  }
}

export type SchemaCheck = { documented: boolean; valid: boolean; errors: string };

function createChecks(file: string) {
  const doc = JSON.parse(readFileSync(`node_modules/@octokit/openapi/generated/${file}`, "utf8")) as Doc;
  rewriteUntypedNullable(doc);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // GitHub's own bot commit emails ("123+name[bot]@users.noreply.github.com") fail ajv's email regex.
  ajv.addFormat("email", /^[\w.!#$%&'*+/=?^`{|}~[\]-]+@[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]*[a-z\d])?)*$/i);
  ajv.addSchema(doc, "doc");

  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
  const cache = new Map<string, ValidateFunction>();

  function validatorFor(ref: string): ValidateFunction {
    let v = cache.get(ref);
    if (!v) cache.set(ref, (v = ajv.compile({ $ref: ref })));
    return v;
  }

  /** Validates a body against the documented response for (template, method, status). */
  function checkResponse(args: { template: string; method: string; status: number; body: unknown }): SchemaCheck {
    const op = doc.paths[args.template]?.[args.method.toLowerCase()];
    if (!op) throw new Error(`not in the OpenAPI description: ${args.method} ${args.template}`);
    const entry = op.responses[String(args.status)];
    let ref: string;
    let documented = true;
    if (args.status === 204 || args.status === 304) {
      return { documented: Boolean(entry), valid: args.body === undefined, errors: "expected no body" };
    }
    if (!entry) {
      documented = false;
      ref = "doc#/components/schemas/basic-error";
    } else if (entry.$ref) {
      const name = entry.$ref.split("/").pop()!;
      const hasJson = doc.components.responses[name]?.content?.["application/json"];
      ref = hasJson ? `doc#/${pointer("components", "responses", name, "content", "application/json", "schema")}` : "";
    } else {
      ref = entry.content?.["application/json"] ? `doc#/${pointer("paths", args.template, args.method.toLowerCase(), "responses", String(args.status), "content", "application/json", "schema")}` : "";
    }
    if (ref === "") {
      // Documented without a body: 204/304 must be empty; others (a bare 404) may carry GitHub's error JSON.
      if (args.status === 204 || args.status === 304) return { documented, valid: args.body === undefined, errors: "expected no body" };
      ref = "doc#/components/schemas/basic-error";
    }
    const v = validatorFor(ref);
    const valid = v(args.body);
    return { documented, valid, errors: valid ? "" : ajv.errorsText(v.errors?.slice(0, 40)) };
  }

  /** Validates against one component schema, e.g. "basic-error". */
  function checkSchema(name: string, body: unknown): { valid: boolean; errors: string } {
    const v = validatorFor(`doc#/${pointer("components", "schemas", name)}`);
    const valid = v(body);
    return { valid, errors: valid ? "" : ajv.errorsText(v.errors?.slice(0, 40)) };
  }

  function checkWebhook(name: string, payload: unknown): { valid: boolean; errors: string } {
    if (!doc["x-webhooks"][name]) throw new Error(`no x-webhooks entry ${name}`);
    const v = validatorFor(`doc#/${pointer("x-webhooks", name, "post", "requestBody", "content", "application/json", "schema")}`);
    const valid = v(payload);
    return { valid, errors: valid ? "" : ajv.errorsText(v.errors?.slice(0, 40)) };
  }

  function isDocumentedPath(template: string, method: string): boolean {
    return Boolean(doc.paths[template]?.[method.toLowerCase()]);
  }
  return { checkResponse, checkSchema, checkWebhook, isDocumentedPath };
}

export const { checkResponse, checkSchema, checkWebhook, isDocumentedPath } = createChecks("api.github.com.json");

let ghec: ReturnType<typeof createChecks> | undefined;
/** The same checks against ghec.json (loaded on first use: it is large and few tests need it). */
export function ghecChecks(): ReturnType<typeof createChecks> {
  return (ghec ??= createChecks("ghec.json"));
}
