/**
 * Target resolution, the pure part: a policy step in, the step the actions run (identifiers
 * only) or a problem out. Literal identifiers stay, target names become what their target
 * names, `{ fromAlarm }` takes the triggering alarm's dimension, and `{ stack, logicalId }`
 * takes the physical id looked up beforehand (stack-resolver.ts). A problem is a value: the
 * caller reports the step failed, naming what was missing, and changes nothing.
 */
import type { PolicyStep, Step } from '../actions/steps';
import { describeReference, isFromAlarmRef, type StackResourceRef, type TargetField, type TargetReference } from './references';
import { stepReferences, withIdentifiers } from './step-references';
import { targetResource } from './target-resource';
import type { Targets } from './targets-section';

/** The alarm whose state change triggered the step. */
export interface TriggeringAlarm {
  alarmName: string;
  /** The metric's dimensions; none for a composite alarm. */
  dimensions?: Record<string, string>;
  alarmType?: 'metric' | 'metric-math' | 'anomaly-detection' | 'composite';
}

export interface ResolutionContext {
  targets: Targets;
  /** For `{ fromAlarm }`; schedules and RDS events have none. */
  alarm?: TriggeringAlarm;
  /** Physical ids of the stack resources the step names, keyed by stackResourceKey. */
  stackIds?: ReadonlyMap<string, string>;
}

export type TargetProblemCode =
  | 'no-alarm'
  | 'missing-dimension'
  | 'stack-not-looked-up'
  | 'stack-not-found'
  | 'stack-unreadable'
  | 'not-in-stack'
  | 'wrong-resource-type'
  | 'not-created';

export interface TargetProblem {
  code: TargetProblemCode;
  field: TargetField;
  /** The reference as the step (or its target) has it. */
  reference: TargetReference;
  /** One sentence naming what is missing, for the step's `failed` report. */
  message: string;
}

export type StepResolution =
  | { ok: true; step: Step; /** The stack resources it was resolved through: forget them if the resource is then not found. */ stackResources: StackResourceRef[] }
  | { ok: false; problem: TargetProblem };

export function stackResourceKey(ref: StackResourceRef): string {
  return `${ref.stack}/${ref.logicalId}`;
}

/** A target name becomes its target's resource; anything else is itself. */
export function expandReference(ref: TargetReference, targets: Targets): TargetReference {
  if (typeof ref !== 'string') return ref;
  const target = targets[ref];
  return target === undefined ? ref : targetResource(target);
}

/** The step's references with target names expanded, e.g. to find the stack resources to look up. */
export function expandedReferences(step: PolicyStep, targets: Targets): [TargetField, TargetReference][] {
  return stepReferences(step).map(([field, ref]) => [field, expandReference(ref, targets)]);
}

function missingDimension(alarm: TriggeringAlarm, dimension: string): string {
  const why = alarm.alarmType === 'composite' ? ' (a composite alarm has no metric)' : '';
  return `alarm ${alarm.alarmName} has no dimension ${dimension}${why}`;
}

type One = { ok: true; id: string; stack?: StackResourceRef } | { ok: false; problem: TargetProblem };

function resolveOne(field: TargetField, written: TargetReference, context: ResolutionContext): One {
  const ref = expandReference(written, context.targets);
  const fail = (code: TargetProblemCode, message: string): One => ({ ok: false, problem: { code, field, reference: written, message } });
  if (typeof ref === 'string') return { ok: true, id: ref };
  if (isFromAlarmRef(ref)) {
    if (!context.alarm) return fail('no-alarm', `${field} ${describeReference(ref)} needs the triggering alarm, and there is none`);
    const value = context.alarm.dimensions?.[ref.fromAlarm];
    return value ? { ok: true, id: value } : fail('missing-dimension', missingDimension(context.alarm, ref.fromAlarm));
  }
  const id = context.stackIds?.get(stackResourceKey(ref));
  return id ? { ok: true, id, stack: ref } : fail('stack-not-looked-up', `${field} ${describeReference(ref)} has not been looked up in CloudFormation`);
}

export function resolveStepTargets(step: PolicyStep, context: ResolutionContext): StepResolution {
  const ids: Partial<Record<TargetField, string>> = {};
  const stackResources: StackResourceRef[] = [];
  for (const [field, ref] of stepReferences(step)) {
    const one = resolveOne(field, ref, context);
    if (!one.ok) return one;
    ids[field] = one.id;
    if (one.stack) stackResources.push(one.stack);
  }
  return { ok: true, step: withIdentifiers(step, ids), stackResources };
}
