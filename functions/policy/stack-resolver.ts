/**
 * Target resolution with CloudFormation: `{ stack, logicalId }` becomes the resource's
 * physical id through ListStackResources (DescribeStackResource would do for one, but the
 * emulator answers it with a 500, and one listing serves every resource of the stack).
 * Listings are cached per cold start for `maxAgeSeconds`; when a resolved resource then turns
 * out not to exist (a stack update replaced it), the caller forgets the reference and
 * resolves once more.
 */
import type { PolicyStep } from '../actions/steps';
import { describeError, isRetryable } from '../aws/errors';
import { RetryableAwsError } from '../errors';
import { describeReference, isFromAlarmRef, type StackResourceRef, type TargetField } from './references';
import { expandedReferences, resolveStepTargets, stackResourceKey, type StepResolution, type TargetProblem, type TriggeringAlarm } from './targets';
import type { Targets } from './targets-section';

/** One resource of a stack, as ListStackResources summarises it. */
export interface StackResource {
  logicalId: string;
  /** Absent while CloudFormation has not created it yet. */
  physicalId?: string;
  /** e.g. AWS::AutoScaling::AutoScalingGroup */
  type: string;
  /** e.g. CREATE_COMPLETE, UPDATE_COMPLETE, DELETE_COMPLETE */
  status: string;
}

/** The stack's resources, or undefined when there is no such stack; any other failure throws. */
export type ListStackResources = (stack: string) => Promise<StackResource[] | undefined>;

/** The CloudFormation type each step field takes. */
export const RESOURCE_TYPES: Record<TargetField, string> = {
  group: 'AWS::AutoScaling::AutoScalingGroup',
  source: 'AWS::RDS::DBInstance',
  cluster: 'AWS::RDS::DBCluster',
};

export interface TargetResolverOptions {
  targets: Targets;
  listStackResources: ListStackResources;
  now: () => Date;
  /** How long a stack's listing is trusted before it is read again. @default 900 */
  maxAgeSeconds?: number;
}

export interface TargetResolver {
  /**
   * The step with identifiers in place of its references, or the problem that stopped it.
   * `alarm` is the triggering alarm (an AlarmSignal is one); none for schedules and RDS events.
   * @throws RetryableAwsError when CloudFormation did not answer (throttling, 5xx, network)
   */
  resolve(step: PolicyStep, alarm?: TriggeringAlarm): Promise<StepResolution>;
  /** Drops the cached listing of the reference's stack, so the next resolve reads it again. */
  forget(ref: StackResourceRef): void;
}

type Listing = { ok: true; resources: Map<string, StackResource> } | { ok: false; problem: Omit<TargetProblem, 'field' | 'reference'> };

function lookUp(listing: Listing, ref: StackResourceRef, field: TargetField): { ok: true; id: string } | { ok: false; problem: Omit<TargetProblem, 'field' | 'reference'> } {
  if (!listing.ok) return listing;
  const resource = listing.resources.get(ref.logicalId);
  const where = `stack ${ref.stack}`;
  if (!resource) return { ok: false, problem: { code: 'not-in-stack', message: `${where} has no resource ${ref.logicalId}` } };
  if (resource.type !== RESOURCE_TYPES[field]) {
    return { ok: false, problem: { code: 'wrong-resource-type', message: `${ref.logicalId} in ${where} is an ${resource.type}; ${field} takes an ${RESOURCE_TYPES[field]}` } };
  }
  if (!resource.physicalId || resource.status === 'DELETE_COMPLETE' || resource.status === 'CREATE_FAILED') {
    return { ok: false, problem: { code: 'not-created', message: `${ref.logicalId} in ${where} does not exist (${resource.status})` } };
  }
  return { ok: true, id: resource.physicalId };
}

export function createTargetResolver(options: TargetResolverOptions): TargetResolver {
  const maxAgeMs = (options.maxAgeSeconds ?? 900) * 1000;
  const cache = new Map<string, { at: number; listing: Promise<Listing> }>();

  async function list(stack: string): Promise<Listing> {
    let resources: StackResource[] | undefined;
    try {
      resources = await options.listStackResources(stack);
    } catch (err) {
      const message = `cannot list the resources of stack ${stack}: ${describeError(err)}`;
      if (isRetryable(err)) throw new RetryableAwsError(message, { cause: err });
      return { ok: false, problem: { code: 'stack-unreadable', message } };
    }
    if (!resources) return { ok: false, problem: { code: 'stack-not-found', message: `stack ${stack} does not exist` } };
    return { ok: true, resources: new Map(resources.map((r) => [r.logicalId, r])) };
  }

  /** One listing per stack at a time, shared by every step that names it; only answers are cached. */
  function listing(stack: string): Promise<Listing> {
    const now = options.now().getTime();
    const cached = cache.get(stack);
    if (cached && now - cached.at < maxAgeMs) return cached.listing;
    const fresh = list(stack);
    cache.set(stack, { at: now, listing: fresh });
    fresh.then(
      (answer) => {
        if (!answer.ok) cache.delete(stack);
      },
      () => cache.delete(stack),
    );
    return fresh;
  }

  return {
    async resolve(step, alarm) {
      const stackIds = new Map<string, string>();
      for (const [field, ref] of expandedReferences(step, options.targets)) {
        if (typeof ref === 'string' || isFromAlarmRef(ref)) continue;
        const found = lookUp(await listing(ref.stack), ref, field);
        if (!found.ok) {
          // A listing without the resource (not created yet, or the stack is mid-update) is read again next time.
          cache.delete(ref.stack);
          return { ok: false, problem: { ...found.problem, field, reference: ref, message: `${field} ${describeReference(ref)}: ${found.problem.message}` } };
        }
        stackIds.set(stackResourceKey(ref), found.id);
      }
      return resolveStepTargets(step, { targets: options.targets, alarm, stackIds });
    },
    forget(ref) {
      cache.delete(ref.stack);
    },
  };
}
