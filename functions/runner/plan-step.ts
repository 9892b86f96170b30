/**
 * What a step would do now, without doing it — for `ops-autopilot plan`: the same read and
 * decide as a run, and the same guards in the same order, asked with their read-only `check`.
 * A read that fails (AWS or the ledger) makes the step "cannot decide", never "would change".
 */
import { actionFor, isMutating } from '../actions/registry';
import type { PolicyStep, Step } from '../actions/steps';
import { describeError, isRetryable } from '../aws/errors';
import type { HeldBy, ResourceRef, StateSnapshot } from '../model/vocabulary';
import type { Signal } from '../signals/types';
import { CHANGE_GUARDS, RESOURCE_GUARDS, type Guard, type GuardContext, type Hold } from './guards';
import type { InvocationRequest } from './request';
import { workOf } from './run-step';
import { resolveStep } from './targets';

export interface StepPlan {
  rule: string;
  index: number;
  type: Step['type'];
  resource?: ResourceRef;
  verdict: 'would-change' | 'would-skip' | 'would-alert' | 'cannot-decide';
  reason: string;
  /** The guard that would hold the step back. */
  heldBy?: HeldBy;
  /** For cannot-decide: AWS was unreachable or throttled (a retry may work), not a missing resource. */
  awsUnavailable?: boolean;
  before?: StateSnapshot;
  after?: StateSnapshot;
  /** For would-change when the guards were asked without a ledger (`plan` with no table): what could still hold the step. */
  unless?: string;
}

async function checkGuards(guards: readonly Guard[], ctx: GuardContext): Promise<Hold | undefined> {
  for (const guard of guards) {
    const hold = await guard.check(ctx);
    if (hold) return hold;
  }
  return undefined;
}

export async function planStep(request: InvocationRequest, signal: Signal, rule: string, index: number, written: PolicyStep): Promise<StepPlan> {
  if (!isMutating(written)) return { rule, index, type: written.type, verdict: 'would-alert', reason: `publish a ${written.options.severity} alert` };
  let step: Step;
  try {
    const resolution = await resolveStep(request, { signal }, written);
    if (!resolution.ok) return { rule, index, type: written.type, verdict: 'cannot-decide', reason: `${resolution.problem.field}: ${resolution.problem.message}` };
    step = resolution.step;
  } catch (err) {
    return { rule, index, type: written.type, verdict: 'cannot-decide', reason: describeError(err), awsUnavailable: true };
  }
  if (!isMutating(step)) throw new Error(`resolving ${written.type} gave a ${step.type} step`);
  const action = actionFor(step, request.region, request.account);
  const work = workOf({ signal, rule, index });
  const base = { rule, index, type: step.type, resource: action.resource };
  const ctx: GuardContext = { request, work, action };
  try {
    const resourceHold = await checkGuards(RESOURCE_GUARDS, ctx);
    if (resourceHold) return { ...base, verdict: 'would-skip', reason: resourceHold.reason, heldBy: resourceHold.heldBy };
    const decision = await action.decide(request.clients, { rule, stepKey: `${work.signalId}#${work.unit}`, now: request.now() });
    if (!decision.change) return { ...base, verdict: 'would-skip', reason: decision.reason, before: decision.before };
    ctx.decision = decision;
    const hold = await checkGuards(CHANGE_GUARDS, ctx);
    const change = { before: decision.before, after: decision.after };
    if (hold) return { ...base, ...change, verdict: 'would-skip', reason: hold.reason, heldBy: hold.heldBy };
    return { ...base, ...change, verdict: 'would-change', reason: decision.summary };
  } catch (err) {
    return { ...base, verdict: 'cannot-decide', reason: describeError(err), awsUnavailable: isRetryable(err) };
  }
}
