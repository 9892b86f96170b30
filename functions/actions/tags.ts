/** Tags on every resource the automation creates (contract). Scale-in only removes resources with MANAGED. */
export const MANAGED_TAG = 'ops-autopilot:managed';
export const RULE_TAG = 'ops-autopilot:rule';
/**
 * When the automation asked for the resource (ISO-8601). Newest-first removal orders by it:
 * RDS sets InstanceCreateTime only once an instance is available, and the emulator gives a
 * replica its source's.
 */
export const CREATED_TAG = 'ops-autopilot:created-at';

/**
 * On a managed replica that has left the reader endpoint: when its drain ends (ISO-8601), after
 * which it is deleted. A replica with it no longer counts, and nothing puts it back into the endpoint.
 */
export const DRAINING_TAG = 'ops-autopilot:draining';

type Tag = { Key?: string; Value?: string };

export function managedTags(rule: string, now: Date): { Key: string; Value: string }[] {
  return [
    { Key: MANAGED_TAG, Value: 'true' },
    { Key: RULE_TAG, Value: rule },
    { Key: CREATED_TAG, Value: now.toISOString() },
  ];
}

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return (tags ?? []).find((t) => t.Key === key)?.Value;
}

export function isManaged(tags: Tag[] | undefined): boolean {
  return tagValue(tags, MANAGED_TAG) === 'true';
}
