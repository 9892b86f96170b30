/** An Auto Scaling group's capacity, and the arithmetic of bounds. Pure. */
import type { ResourceRef, StateSnapshot } from '../../model/vocabulary';

export interface GroupState {
  name: string;
  arn?: string;
  min: number;
  desired: number;
  max: number;
}

export function groupResource(group: string, region: string, account?: string): ResourceRef {
  return {
    type: 'auto-scaling-group',
    id: group,
    arn: account ? `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/${group}` : undefined,
  };
}

export function capacitySnapshot(state: Pick<GroupState, 'min' | 'desired' | 'max'>): StateSnapshot {
  return { min: state.min, desired: state.desired, max: state.max };
}

export function groupArnPattern(group: string): string {
  return `arn:aws:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/${group}`;
}
