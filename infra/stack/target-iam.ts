/**
 * IAM for a policy step whose resource is not known by name when the stack is packaged.
 *
 * A step that names its resource literally (or through a target that does) gets what its
 * action declares, scoped to that name. A `{ stack, logicalId }` step is scoped by the tags
 * CloudFormation puts on every resource it creates, `aws:cloudformation:stack-name` and
 * `aws:cloudformation:logical-id`: the permission follows the resource when a stack update
 * replaces it, and packaging stays offline (no CloudFormation call, no credentials). A
 * `{ fromAlarm }` step acts on whatever the alarm's metric names, so it is scoped by the
 * stack tag of the alarm's own stack when the rule's alarm is `{ stack, logicalId }`, and
 * otherwise to resources that carry the opt-in tag `ops-autopilot:target=true`.
 *
 * In those statements the target's own ARN gets the tag condition; the other ARNs a mutating
 * statement names are the replicas ops-autopilot creates, allowed only with its managed tag
 * in the request (or, for deletion, on the resource, as the action already requires).
 */
import { stepPermissions } from '../../functions/actions/registry';
import { LOGICAL_ID_TAG, STACK_NAME_TAG } from '../../functions/aws/cloudformation-tags';
import type { PolicyStep } from '../../functions/actions/steps';
import { MANAGED_TAG } from '../../functions/actions/tags';
import type { IamStatement } from '../../functions/actions/types';
import { isFromAlarmRef, type TargetField, type TargetReference } from '../../functions/policy/references';
import type { AlarmTrigger } from '../../functions/policy/schema';
import { withIdentifiers } from '../../functions/policy/step-references';
import { expandedReferences, resolveStepTargets } from '../../functions/policy/targets';
import type { Targets } from '../../functions/policy/targets-section';

/** Put on a group or database to let `{ fromAlarm }` steps of named (non-stack) alarms act on it. */
export const TARGET_TAG = 'ops-autopilot:target';

export interface StepScope {
  targets: Targets;
  /** The alarm trigger of the step's rule; none for schedules and RDS event rules. */
  trigger?: AlarmTrigger;
}

/** The ARN of every resource of the field's kind, `{region}`/`{account}` filled in by the stack. */
const TARGET_ARNS: Record<TargetField, string> = {
  group: 'arn:aws:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/*',
  source: 'arn:aws:rds:{region}:{account}:db:*',
  cluster: 'arn:aws:rds:{region}:{account}:cluster:*',
};

function resourceTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]));
}

function tagsFor(ref: Exclude<TargetReference, string>, scope: StepScope): Record<string, string> {
  if (!isFromAlarmRef(ref)) return { [STACK_NAME_TAG]: ref.stack, [LOGICAL_ID_TAG]: ref.logicalId };
  const alarm = scope.trigger?.alarm;
  return typeof alarm === 'object' ? { [STACK_NAME_TAG]: alarm.stack } : { [TARGET_TAG]: 'true' };
}

/** A statement of the action's, re-scoped: the target ARN by tags, our replicas by our managed tag. */
function scoped(statement: IamStatement, field: TargetField, tags: Record<string, string>): IamStatement[] {
  if (statement.resources.every((arn) => arn === '*')) return [statement];
  const target = statement.resources.filter((arn) => arn === TARGET_ARNS[field]);
  const created = statement.resources.filter((arn) => arn !== TARGET_ARNS[field]);
  const condition = statement.condition ?? {};
  const out: IamStatement[] = [];
  if (target.length) {
    out.push({ ...statement, resources: target, condition: { ...condition, StringEquals: { ...condition.StringEquals, ...resourceTags(tags) } } });
  }
  if (created.length) {
    out.push({ ...statement, resources: created, condition: statement.condition ?? { StringEquals: { [`aws:RequestTag/${MANAGED_TAG}`]: 'true' } } });
  }
  return out;
}

/** The IAM statements one policy step needs. */
export function policyStepPermissions(step: PolicyStep, scope: StepScope): IamStatement[] {
  const literal = resolveStepTargets(step, { targets: scope.targets });
  if (literal.ok) return stepPermissions(literal.step);
  return expandedReferences(step, scope.targets).flatMap(([field, ref]) => {
    if (typeof ref === 'string') return [];
    const tags = tagsFor(ref, scope);
    return stepPermissions(withIdentifiers(step, { [field]: '*' })).flatMap((statement) => scoped(statement, field, tags));
  });
}

/** The stacks whose resources a step names: its function lists their resources to resolve them. */
export function stacksOf(step: PolicyStep, targets: Targets): string[] {
  return expandedReferences(step, targets).flatMap(([, ref]) => (typeof ref === 'object' && !isFromAlarmRef(ref) ? [ref.stack] : []));
}
