/**
 * scaleAutoScalingGroup: change a group's desired capacity by a step or to a value, clamped
 * to the tighter of the step's and the group's own bounds.
 *
 * The emulator accepts a desired capacity above MaxSize; AWS refuses it. The clamp is ours.
 */
import { capacitySnapshot, groupArnPattern, groupResource, type GroupState } from './group/model';
import { readGroup, setDesired } from './group/aws';
import type { ActionDefinition, Decision } from './types';
import type { ScaleAutoScalingGroupStep } from './steps';

export interface ScalePlan {
  group: string;
  desired: number;
}

export function decideScaling(group: GroupState, step: ScaleAutoScalingGroupStep): Decision<ScalePlan> {
  const before = capacitySnapshot(group);
  const lower = Math.max(step.min ?? 0, group.min);
  const upper = Math.min(step.max ?? Number.POSITIVE_INFINITY, group.max);
  if (lower > upper) {
    return { change: false, reason: `bounds conflict: step/group min ${lower} is above step/group max ${upper}`, before };
  }
  const wanted = step.to ?? group.desired + (step.by ?? 0);
  const desired = Math.min(Math.max(wanted, lower), upper);
  if (desired === group.desired) {
    const limit = wanted > group.desired ? `max ${upper}` : wanted < group.desired ? `min ${lower}` : `desired ${desired}`;
    return { change: false, reason: `${group.name} is already at ${limit}; nothing to change`, before };
  }
  const clamped = desired !== wanted ? ` (asked for ${wanted}, clamped to ${desired})` : '';
  return {
    change: true,
    plan: { group: group.name, desired },
    before,
    after: capacitySnapshot({ ...group, desired }),
    summary: `desired capacity of ${group.name} ${group.desired} → ${desired}${clamped}`,
  };
}

export const scaleAutoScalingGroup: ActionDefinition<'scaleAutoScalingGroup', GroupState, ScalePlan> = {
  type: 'scaleAutoScalingGroup',
  mutates: true,
  example: `- scaleAutoScalingGroup: { group: web-asg, by: 2, max: 12, cooldown: 300 }`,
  permissions: (step) => [
    { actions: ['autoscaling:DescribeAutoScalingGroups'], resources: ['*'] },
    { actions: ['autoscaling:SetDesiredCapacity'], resources: [groupArnPattern(step.group)] },
  ],
  target: (step, region, account) => groupResource(step.group, region, account),
  cooldownSeconds: (step) => step.cooldown,
  read: (clients, step) => readGroup(clients.autoScaling, step.group),
  decide: (group, step) => decideScaling(group, step),
  applied: (group, plan) => group.desired === plan.desired,
  execute: (clients, plan) => setDesired(clients.autoScaling, plan.group, plan.desired),
};
