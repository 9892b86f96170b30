/**
 * A step's targets, resolved when it runs: a target name, `{ stack, logicalId }` through
 * CloudFormation (cached per container, forgotten when the resource is then not found — the
 * stack replaced it) or `{ fromAlarm }` from the triggering alarm. A step that cannot be
 * resolved changes nothing and is reported `failed`, naming what was missing, once.
 */
import { isMutating, type MutatingType } from '../actions/registry';
import type { PolicyStep } from '../actions/steps';
import type { ResourceRef, ResourceType } from '../model/vocabulary';
import type { TargetProblem } from '../policy/targets';
import { actionAlert } from './alerts';
import type { InvocationRequest } from './request';
import { runMutatingStep, unclaimed, workOf, type StepOutcome, type StepRun } from './run-step';
import { reportOnce } from './units';

type ChangingPolicyStep = Extract<PolicyStep, { type: MutatingType }>;

function resourceTypeOf(step: ChangingPolicyStep): ResourceType {
  if (step.type === 'scaleAutoScalingGroup' || step.type === 'setCapacity') return 'auto-scaling-group';
  return step.options.cluster !== undefined ? 'rds-cluster' : 'rds-instance';
}

function describeReference(reference: TargetProblem['reference']): string {
  if (typeof reference === 'string') return reference;
  return 'fromAlarm' in reference ? `fromAlarm ${reference.fromAlarm}` : `${reference.stack}/${reference.logicalId}`;
}

/** Resolves the step for this signal, or answers with the problem; CloudFormation's failures propagate (retryable). */
export function resolveStep(request: InvocationRequest, run: Pick<StepRun, 'signal'>, step: ChangingPolicyStep) {
  return request.resolver.resolve(step, run.signal.kind === 'alarm' ? run.signal : undefined);
}

async function reportUnresolved(run: StepRun, step: ChangingPolicyStep, problem: TargetProblem): Promise<StepOutcome> {
  const { request, rule, index } = run;
  const resource: ResourceRef = { type: resourceTypeOf(step), id: describeReference(problem.reference) };
  const report = { type: step.type, rule, outcome: 'failed' as const, reason: `${problem.field}: ${problem.message}; nothing changed`, before: {}, after: {} };
  const work = workOf(run);
  const reported = await reportOnce(request, work, async () =>
    actionAlert({ id: `${work.signalId}#${work.unit}#failed`, report, resource, signal: run.signal, incident: await run.incident(), time: request.now() }, request.region),
  );
  if (reported.result !== 'reported') return unclaimed(reported.result, rule, index);
  return { kind: 'action', rule, index, resource, report, retryable: false };
}

/** Resolves the step's targets, then runs it through the choke point. */
export async function runPolicyStep(run: StepRun, step: ChangingPolicyStep): Promise<StepOutcome> {
  const resolution = await resolveStep(run.request, run, step);
  if (!resolution.ok) return reportUnresolved(run, step, resolution.problem);
  const resolved = resolution.step;
  if (!isMutating(resolved)) throw new Error(`resolving ${step.type} gave a ${resolved.type} step`);
  const outcome = await runMutatingStep(run, resolved);
  // The stack may have replaced the resource: the next run asks CloudFormation again.
  if (outcome.kind === 'action' && outcome.report.reason.startsWith('ResourceNotFoundError')) {
    for (const ref of resolution.stackResources) run.request.resolver.forget(ref);
  }
  return outcome;
}
