/**
 * escalateAfter: when an alarm has held a rule's state that long and the rule's changing steps
 * can do no more — `plan` (the read-only walk of the same guards) says every one would change
 * nothing or is held by the budget — one critical alert says so, once per episode of the alarm.
 */
import { isMutating } from '../../actions/registry';
import type { Alert } from '../../model/alert';
import type { PolicyDocument } from '../../policy/schema';
import { alarmResource, alertEnvelope, triggerOf } from '../../runner/alerts';
import { planStep, type StepPlan } from '../../runner/plan-step';
import { requestForRule, type InvocationRequest } from '../../runner/request';
import type { AlarmSignal } from '../../signals/types';

type Rule = PolicyDocument['rules'][number];

/** A step that would change nothing, or only after the hour's budget: more of the same will not help. */
function exhausted(plan: StepPlan): boolean {
  return plan.verdict === 'would-skip' && (plan.heldBy === undefined || plan.heldBy === 'budget');
}

export async function escalationDue(request: InvocationRequest, rule: Rule, transition: AlarmSignal): Promise<StepPlan[] | undefined> {
  if (rule.escalateAfter === undefined) return undefined;
  const heldFor = (request.now().getTime() - Date.parse(transition.time)) / 1000;
  if (heldFor < rule.escalateAfter) return undefined;
  const plans: StepPlan[] = [];
  for (const [index, step] of rule.do.entries()) {
    if (isMutating(step)) plans.push(await planStep(requestForRule(request, rule.name), transition, rule.name, index, step));
  }
  return plans.length && plans.every(exhausted) ? plans : undefined;
}

export function escalationAlert(rule: Rule, transition: AlarmSignal, plans: StepPlan[], request: InvocationRequest): Alert {
  const minutes = Math.round((request.now().getTime() - Date.parse(transition.time)) / 60_000);
  return alertEnvelope(
    {
      id: `${transition.id}#escalate#${rule.name}`,
      kind: 'alert',
      severity: 'critical',
      title: `Automation can do no more: ${transition.alarmName} has been ${transition.state} for ${minutes} min`,
      summary: `Rule ${rule.name} has done what it may (${plans.map((p) => p.reason).join('; ')}) and alarm ${transition.alarmName} still holds ${transition.state}: a person must look.`,
      incident: `alarm:${transition.alarmName}@${transition.time}`,
      resource: alarmResource(transition.alarmName, transition.alarmArn),
      trigger: triggerOf(transition),
      time: request.now().toISOString(),
    },
    request.region,
  );
}
