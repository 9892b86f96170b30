/**
 * Policy validation of the steps' target references, once the whole policy is parsed: a
 * target name must name the kind the field takes (a cluster target is no `group`), and
 * `{ fromAlarm }` must name the field's dimension and sit in a rule that an alarm triggers.
 */
import type * as z from 'zod';
import type { PolicyStep } from '../actions/steps';
import { ALARM_DIMENSIONS, isFromAlarmRef, type TargetField } from './references';
import { stepReferences } from './step-references';
import { kindForField, targetKind, type Targets } from './targets-section';

interface CheckedPolicy {
  targets: Targets;
  rules: { on: object; do: PolicyStep[] }[];
  schedules: { do: PolicyStep[] }[];
}

function dimensionFor(field: TargetField): string {
  return Object.entries(ALARM_DIMENSIONS).find(([, f]) => f === field)?.[0] ?? '';
}

/** Why a reference cannot stand in this field, or undefined when it can. */
function problem(field: TargetField, ref: unknown, targets: Targets, trigger: 'alarm' | 'rds-event' | 'schedule'): string | undefined {
  if (typeof ref === 'string') {
    const target = targets[ref];
    if (target === undefined) return undefined;
    const kind = targetKind(target);
    const wanted = kindForField(field);
    return kind === wanted ? undefined : `target "${ref}" is an ${kind}; ${field} takes an ${wanted} target`;
  }
  if (!isFromAlarmRef(ref)) return undefined;
  if (trigger !== 'alarm') {
    const which = trigger === 'schedule' ? 'a schedule' : 'an RDS event rule';
    return `{ fromAlarm: ${ref.fromAlarm} } takes the resource from the triggering alarm, and ${which} has no alarm`;
  }
  const wanted = dimensionFor(field);
  return ref.fromAlarm === wanted ? undefined : `${field} takes { fromAlarm: ${wanted} }, not ${ref.fromAlarm}`;
}

export function checkReferences(policy: CheckedPolicy, ctx: z.RefinementCtx): void {
  const sections = [
    ['rules', policy.rules.map((rule) => ({ steps: rule.do, trigger: 'alarm' in rule.on ? ('alarm' as const) : ('rds-event' as const) }))],
    ['schedules', policy.schedules.map((schedule) => ({ steps: schedule.do, trigger: 'schedule' as const }))],
  ] as const;
  for (const [section, items] of sections) {
    items.forEach(({ steps, trigger }, index) => {
      steps.forEach((step, stepIndex) => {
        for (const [field, ref] of stepReferences(step)) {
          const message = problem(field, ref, policy.targets, trigger);
          if (message) ctx.addIssue({ code: 'custom', path: [section, index, 'do', stepIndex, step.type, field], message });
        }
      });
    });
  }
}
