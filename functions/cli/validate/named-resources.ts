/**
 * Every AWS resource a policy acts on, with the rules and schedules that name it. The targets
 * come from each action's own `target()` (actions/registry.ts), so a new action is covered
 * without touching the CLI.
 */
import type { ResourceRef } from '../../model/vocabulary';
import { actionFor, isMutating } from '../../actions/registry';
import type { Step } from '../../actions/steps';

export interface NamedResource {
  type: ResourceRef['type'];
  id: string;
  /** Rules and schedules that act on it, in policy order. */
  usedBy: string[];
  /** How the policy names it when not literally: a target name, `{ stack, logicalId }`, `{ fromAlarm }`. */
  resolvedFrom?: string[];
}

/** A step of a rule or schedule, its targets already resolved to identifiers. */
export interface NamedStep {
  item: string;
  step: Step;
  resolvedFrom?: string;
}

export function namedResources(steps: NamedStep[], region: string): NamedResource[] {
  const found = new Map<string, NamedResource>();
  for (const { item, step, resolvedFrom } of steps) {
    if (!isMutating(step)) continue;
    const { type, id } = actionFor(step, region).resource;
    const key = `${type}/${id}`;
    const entry = found.get(key) ?? { type, id, usedBy: [] };
    if (!entry.usedBy.includes(item)) entry.usedBy.push(item);
    if (resolvedFrom && !entry.resolvedFrom?.includes(resolvedFrom)) entry.resolvedFrom = [...(entry.resolvedFrom ?? []), resolvedFrom];
    found.set(key, entry);
  }
  return [...found.values()];
}

/** The steps of a policy whose targets are all literal, for namedResources. */
export function literalSteps(items: { name: string; do: Step[] }[]): NamedStep[] {
  return items.flatMap(({ name, do: steps }) => steps.map((step) => ({ item: name, step })));
}
