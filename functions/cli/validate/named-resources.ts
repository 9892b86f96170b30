/**
 * Every AWS resource a policy acts on, with the rules and schedules that name it. The targets
 * come from each action's own `target()` (actions/registry.ts), so a new action is covered
 * without touching the CLI.
 */
import type { ResourceRef } from '../../model/vocabulary';
import { actionFor, isMutating } from '../../actions/registry';
import type { Policy } from '../../policy/schema';

export interface NamedResource {
  type: ResourceRef['type'];
  id: string;
  /** Rules and schedules that act on it, in policy order. */
  usedBy: string[];
}

export function namedResources(policy: Policy, region: string): NamedResource[] {
  const found = new Map<string, NamedResource>();
  for (const { name, do: steps } of [...policy.rules, ...policy.schedules]) {
    for (const step of steps) {
      if (!isMutating(step)) continue;
      const { type, id } = actionFor(step, region).resource;
      const key = `${type}/${id}`;
      const entry = found.get(key) ?? { type, id, usedBy: [] };
      if (!entry.usedBy.includes(name)) entry.usedBy.push(name);
      found.set(key, entry);
    }
  }
  return [...found.values()];
}
