/**
 * The runtime form of a policy document: every step's targets resolved to identifiers once,
 * at load. That is possible when steps use literal identifiers and target names only; a step
 * with `{ stack, logicalId }` or `{ fromAlarm }` is resolved per invocation
 * (stack-resolver.ts), and until the invocation pipeline does that, such a policy is refused
 * at the cold start rather than run with an object where an identifier belongs.
 */
import type { Step } from '../actions/steps';
import type { PolicyIssue } from '../errors';
import { describeReference } from './references';
import type { Policy, PolicyDocument, PolicyRule, PolicySchedule } from './schema';
import { resolveStepTargets } from './targets';

export type LiteralPolicyResult = { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] };

export function literalPolicy(document: PolicyDocument): LiteralPolicyResult {
  const issues: PolicyIssue[] = [];
  const resolve = (item: PolicyRule | PolicySchedule, where: string): Step[] =>
    item.do.flatMap((step, index) => {
      const resolution = resolveStepTargets(step, { targets: document.targets });
      if (resolution.ok) return [resolution.step];
      const { field, reference } = resolution.problem;
      issues.push({
        where,
        field: `do[${index}].${step.type}.${field}`,
        message: `${describeReference(reference)} is resolved when the step runs, which this function does not do yet; name the resource literally or through a target that does`,
      });
      return [];
    });
  const rules = document.rules.map((rule, index) => ({ ...rule, do: resolve(rule, `rule "${rule.name}" (rules[${index}])`) }));
  const schedules = document.schedules.map((schedule, index) => ({ ...schedule, do: resolve(schedule, `schedule "${schedule.name}" (schedules[${index}])`) }));
  return issues.length ? { ok: false, issues } : { ok: true, policy: { ...document, rules, schedules } };
}
