/** Tags on every resource the automation creates (contract). Scale-in only removes resources with MANAGED. */
export const MANAGED_TAG = 'ops-autopilot:managed';
export const RULE_TAG = 'ops-autopilot:rule';

export function managedTags(rule: string): { Key: string; Value: string }[] {
  return [
    { Key: MANAGED_TAG, Value: 'true' },
    { Key: RULE_TAG, Value: rule },
  ];
}

export function isManaged(tags: { Key?: string; Value?: string }[] | undefined): boolean {
  return (tags ?? []).some((t) => t.Key === MANAGED_TAG && t.Value === 'true');
}
