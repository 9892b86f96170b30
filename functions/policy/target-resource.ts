/** The resource a target names, for resolution when a step runs (targets.ts), without the zod schema of targets-section.ts. */
import type { StackResourceRef } from './references';
import type { Target } from './targets-section';

export function targetResource(target: Target): string | StackResourceRef {
  const resource = target.autoScalingGroup ?? target.rdsInstance ?? target.rdsCluster;
  // The schema admits exactly one kind per target.
  if (resource === undefined) throw new Error('a target names none of autoScalingGroup, rdsInstance, rdsCluster');
  return resource;
}
