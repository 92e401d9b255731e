// The policy engine's public surface (CLI, jobs, dashboard and request auto-review import from here).
// See docs/policies.md for the file format and what a run does.
export {
  DEFAULT_POLICY_CONFIG, POLICY_FILE, parsePolicyConfig, policyConfigSchema,
  type ParsedPolicyConfig, type PolicyConfig, type PolicyConfigError, type PolicyException, type PolicyRule, type PolicyRuleType, type RequestRule,
} from "./config.ts";
export { evaluateRules, matchRule, activeException, type EvaluableGrant, type RuleMatch } from "./evaluate.ts";
export { getEffectivePolicy, type EffectivePolicy } from "./effective.ts";
export { loadPolicyConfig, fetchPolicyFile } from "./load-config.ts";
export { planRun, formatUtc, type PlannedItem, type RunPlan } from "./plan.ts";
export { runPolicies, type PolicyRunResult, type RunPoliciesOptions } from "./run-policies.ts";
export { describeRule, type PolicySummary, type OutcomeCounts } from "./run-summary.ts";
export { POLICY_ACTOR } from "./apply-plan.ts";
