/**
 * The doctor's view of the steps: each mutating step of each rule and schedule resolved as
 * the functions would, through the target resolver; a `{ fromAlarm }` step once per alarm its
 * rule matches, with that alarm's dimensions. What cannot be resolved is listed, not thrown.
 */
import type { ResourceRef } from '../../model/vocabulary';
import { ACTIONS } from '../../actions/registry';
import type { Step } from '../../actions/steps';
import { describeReference, isFromAlarmRef, type StackResourceRef, type TargetField } from '../../policy/references';
import type { PolicyDocument } from '../../policy/schema';
import type { TargetResolver } from '../../policy/stack-resolver';
import { stepReferences } from '../../policy/step-references';
import type { StepResolution } from '../../policy/targets';
import type { AlarmFacts } from './check-alarms';

export interface ResolvedStep {
  /** The rule or schedule. */
  item: string;
  index: number;
  step: Step;
  /** How the policy names the resource, when not literally. */
  resolvedFrom?: string;
  /** The stack resources it was resolved through. */
  stackResources: StackResourceRef[];
}

export interface UnresolvedTarget {
  type: ResourceRef['type'];
  /** The reference as the policy has it. */
  id: string;
  usedBy: string[];
  exists: false;
  reason: string;
}

const FIELD_TYPES: Record<TargetField, ResourceRef['type']> = { group: 'auto-scaling-group', source: 'rds-instance', cluster: 'rds-cluster' };

export async function resolveSteps(
  policy: PolicyDocument,
  resolver: TargetResolver,
  alarmsByRule: Map<string, AlarmFacts[]>,
): Promise<{ resolved: ResolvedStep[]; unresolved: UnresolvedTarget[] }> {
  const resolved: ResolvedStep[] = [];
  const unresolved: UnresolvedTarget[] = [];
  const items = [...policy.rules.map((rule) => ({ name: rule.name, steps: rule.do })), ...policy.schedules.map((s) => ({ name: s.name, steps: s.do }))];
  for (const { name, steps } of items) {
    for (const [index, step] of steps.entries()) {
      if (!ACTIONS[step.type].mutates) continue;
      const [written] = stepReferences(step);
      const resolutions: StepResolution[] = written && isFromAlarmRef(written[1])
        ? await Promise.all((alarmsByRule.get(name) ?? []).map((alarm) => resolver.resolve(step, { alarmName: alarm.name, dimensions: alarm.dimensions, alarmType: alarm.alarmType })))
        : [await resolver.resolve(step)];
      const resolvedFrom = written && (typeof written[1] !== 'string' || policy.targets[written[1]]) ? describeReference(written[1]) : undefined;
      for (const resolution of resolutions) {
        if (resolution.ok) resolved.push({ item: name, index, step: resolution.step, stackResources: resolution.stackResources, ...(resolvedFrom ? { resolvedFrom } : {}) });
        else unresolved.push({ type: FIELD_TYPES[resolution.problem.field], id: describeReference(resolution.problem.reference), usedBy: [name], exists: false, reason: resolution.problem.message });
      }
    }
  }
  return { resolved, unresolved };
}
