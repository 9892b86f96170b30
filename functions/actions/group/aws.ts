/** Reads and changes an Auto Scaling group. */
import {
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClient,
} from '@aws-sdk/client-auto-scaling';
import { ResourceNotFoundError } from '../../aws/errors';
import type { GroupState } from './model';

export async function readGroup(autoScaling: AutoScalingClient, name: string): Promise<GroupState> {
  const found = await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  const group = found.AutoScalingGroups?.[0];
  if (!group) throw new ResourceNotFoundError(`Auto Scaling group "${name}" not found`);
  return {
    name,
    arn: group.AutoScalingGroupARN,
    min: group.MinSize ?? 0,
    desired: group.DesiredCapacity ?? 0,
    max: group.MaxSize ?? 0,
  };
}

export async function setDesired(autoScaling: AutoScalingClient, name: string, desired: number): Promise<void> {
  await autoScaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: name, DesiredCapacity: desired, HonorCooldown: false }));
}

export async function updateCapacity(
  autoScaling: AutoScalingClient,
  name: string,
  capacity: { min: number; desired: number; max: number },
): Promise<void> {
  await autoScaling.send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: capacity.min,
      DesiredCapacity: capacity.desired,
      MaxSize: capacity.max,
    }),
  );
}
