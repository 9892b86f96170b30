/** The target references of one policy step, and the step with identifiers in their place. */
import type { PolicyStep, Step } from '../actions/steps';
import { TARGET_FIELDS, type TargetField, type TargetReference } from './references';

export function stepReferences(step: PolicyStep): [TargetField, TargetReference][] {
  const options: object = step.options;
  return TARGET_FIELDS.flatMap((field) => {
    const ref = field in options ? (options as Record<TargetField, TargetReference | undefined>)[field] : undefined;
    return ref === undefined ? [] : [[field, ref] as [TargetField, TargetReference]];
  });
}

/** The resolved step: every reference field replaced by its identifier. */
export function withIdentifiers(step: PolicyStep, ids: Partial<Record<TargetField, string>>): Step {
  return { type: step.type, options: { ...step.options, ...ids } } as Step;
}
