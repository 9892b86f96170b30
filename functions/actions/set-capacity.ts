/**
 * setCapacity: set any of a group's min, desired and max (schedules). Values not given keep
 * the group's; desired is pulled inside the new bounds, and a result that contradicts
 * itself (min above max) is refused with the reason, not forced.
 */
import { capacitySnapshot, groupArnPattern, groupResource, type GroupState } from './group/model';
import { readGroup, updateCapacity } from './group/aws';
import type { ActionDefinition, Decision } from './types';
import type { SetCapacityStep } from './steps';

export interface CapacityPlan {
  group: string;
  min: number;
  desired: number;
  max: number;
}

export function decideCapacity(group: GroupState, step: SetCapacityStep): Decision<CapacityPlan> {
  const before = capacitySnapshot(group);
  const min = step.min ?? group.min;
  const max = step.max ?? group.max;
  if (min > max) {
    const which = step.min !== undefined ? `min ${min} is above the group's max ${max}` : `max ${max} is below the group's min ${min}`;
    return { change: false, reason: `refused: ${which}; set both in the step`, before };
  }
  const desired = step.desired ?? Math.min(Math.max(group.desired, min), max);
  if (desired < min || desired > max) {
    return { change: false, reason: `refused: desired ${desired} is outside min ${min} … max ${max}`, before };
  }
  if (min === group.min && desired === group.desired && max === group.max) {
    return { change: false, reason: `${group.name} already has min ${min}, desired ${desired}, max ${max}`, before };
  }
  const after = capacitySnapshot({ min, desired, max });
  return {
    change: true,
    plan: { group: group.name, min, desired, max },
    before,
    after,
    summary: `capacity of ${group.name} min/desired/max ${group.min}/${group.desired}/${group.max} → ${min}/${desired}/${max}`,
  };
}

export const setCapacity: ActionDefinition<'setCapacity', GroupState, CapacityPlan> = {
  type: 'setCapacity',
  mutates: true,
  example: `- setCapacity: { group: web-asg, min: 4, desired: 6, max: 12 }`,
  permissions: (step) => [
    { actions: ['autoscaling:DescribeAutoScalingGroups'], resources: ['*'] },
    { actions: ['autoscaling:UpdateAutoScalingGroup'], resources: [groupArnPattern(step.group)] },
  ],
  target: (step, region, account) => groupResource(step.group, region, account),
  // A timetable is deliberate: it is not held back by the cooldown of alarm-driven changes.
  cooldownSeconds: () => 0,
  read: (clients, step) => readGroup(clients.autoScaling, step.group),
  decide: (group, step) => decideCapacity(group, step),
  applied: (group, plan) => group.min === plan.min && group.desired === plan.desired && group.max === plan.max,
  execute: (clients, plan) => updateCapacity(clients.autoScaling, plan.group, plan),
};
