/**
 * The one choke point between a decision and a change to AWS. For every step of a matched
 * rule: claim the unit (exactly once) → take the resource (busy, cooldown) → read and decide
 * → kill switch → dry run → budget with the recorded intent → execute → report → settle.
 * A unit with a recorded intent carries out that intent, after checking whether AWS already
 * shows it done; it never decides a relative step again.
 */
import { actionFor, type MutatingStep, type StepAction } from '../actions/registry';
import type { AlertStep, PolicyStep, Step } from '../actions/steps';
import type { ActionContext } from '../actions/types';
import { describeError, isRetryable } from '../aws/errors';
import { workId, type Claim, type Intent, type Settlement, type WorkKey } from '../ledger/ledger';
import type { Alert } from '../model/alert';
import type { ActionReport, HeldBy, Outcome, ResourceRef, StateSnapshot } from '../model/vocabulary';
import { repeatCycle } from '../signals/repeat';
import type { Signal } from '../signals/types';
import { logger } from '../log';
import { readerPublications } from '../readers/publications';
import { actionAlert } from './alerts';
import { CHANGE_GUARDS, RESOURCE_GUARDS, type Guard, type GuardContext, type Hold } from './guards';
import type { InvocationRequest } from './request';
import { BUSY_WAIT_MS, claimUnit, flushOutbox, publishAll, reportOnce, whileBusy } from './units';

export interface RuleToRun {
  name: string;
  /** As the policy writes them: targets are resolved when the step runs. */
  do: PolicyStep[];
}

/** What happened to one step. */
export type StepOutcome =
  | { kind: 'action'; rule: string; index: number; resource: ResourceRef; report: ActionReport; retryable: boolean }
  | { kind: 'alert'; rule: string; index: number; step: AlertStep }
  | { kind: 'duplicate'; rule: string; index: number; reason: string }
  /** A function's own report of the signal (rds-events' alert on the event). */
  | { kind: 'reported'; rule: string; index: number; title: string }
  /** Another attempt still holds the unit or its resource, or the ledger or SNS failed: left for a retry, never settled as skipped. */
  | { kind: 'unfinished'; rule: string; index: number; reason: string };

export interface StepRun {
  request: InvocationRequest;
  signal: Signal;
  rule: string;
  index: number;
  /** The incident the step's reports join; asked only when there is something to report. */
  incident: () => Promise<string>;
}

/** A step another unit or attempt is in the way of: nothing settled, Lambda's retry runs it again. */
const leftForRetry = (run: StepRun, reason: string): StepOutcome => ({ kind: 'unfinished', rule: run.rule, index: run.index, reason });

export const workOf = (run: Pick<StepRun, 'signal' | 'rule' | 'index'>): WorkKey => ({ signalId: run.signal.id, unit: `${run.rule}#${run.index}` });


function actionReport(step: Step, rule: string, outcome: Outcome, reason: string, before: StateSnapshot, after: StateSnapshot = before, heldBy?: HeldBy): ActionReport {
  return { type: step.type, rule, outcome, reason, before, after, ...(heldBy ? { heldBy } : {}) };
}

/** How a settled step continues: a hold is tried again while its trigger holds; dry run is the answer. */
function continuationOf(result: ActionReport, retryable: boolean): Settlement['then'] {
  if (retryable) return 'retry';
  return result.heldBy && result.heldBy !== 'dry-run' ? 'held' : 'done';
}

async function reportOf(run: StepRun, work: WorkKey, action: StepAction, result: ActionReport): Promise<Alert> {
  const id = `${work.signalId}#${work.unit}#${result.outcome}${result.heldBy ? `:${result.heldBy}` : ''}`;
  return actionAlert({ id, report: result, resource: action.resource, signal: run.signal, incident: await run.incident(), time: run.request.now() }, run.request.region);
}

interface Ending {
  result: ActionReport;
  retryable: boolean;
  /** This attempt holds the resource's slot (nothing changed: a change is reported by reportChange). */
  holdsSlot?: boolean;
  /** A hold an earlier attempt reported already is not reported again. */
  quiet?: boolean;
}

/** Settles the step with its report in the outbox, then publishes it and finishes the unit. */
async function settle(run: StepRun, work: WorkKey, action: StepAction, ending: Ending): Promise<StepOutcome> {
  const { request } = run;
  const { result, retryable, holdsSlot } = ending;
  const then = continuationOf(result, retryable);
  const reports = ending.quiet ? [] : [await reportOf(run, work, action, result)];
  // A step handed to a retry keeps its slot, so nobody changes the resource before the retry has checked what landed.
  const release = holdsSlot && then !== 'retry' ? { resource: action.resource, changed: false } : undefined;
  const settlement: Settlement = { then, outcome: result.outcome, reports, published: false, ...(release ? { release } : {}), ...(result.heldBy ? { heldReported: result.heldBy } : {}) };
  await request.ledger.settle(work, request.attempt, settlement, request.now());
  if (reports.length) await flushOutbox(request, work, reports);
  return { kind: 'action', rule: run.rule, index: run.index, resource: action.resource, report: result, retryable };
}

/**
 * A change that landed: its report is published first and the unit settled after, so the
 * common case costs no outbox write — if the settle is lost, the retry finds the intent, sees
 * it applied and reports it again. Nothing after the change may turn it into a failure: a
 * report that cannot be published waits in the outbox and the invocation is retried.
 */
async function reportChange(run: StepRun, step: MutatingStep, action: StepAction, work: WorkKey, intent: Intent): Promise<StepOutcome> {
  const { request } = run;
  const result = actionReport(step, run.rule, 'done', intent.summary, intent.before, intent.after);
  const outcome = (retryable: boolean): StepOutcome => ({ kind: 'action', rule: run.rule, index: run.index, resource: action.resource, report: result, retryable });
  const report = await reportOf(run, work, action, result);
  const settlement = (published: boolean): Settlement => ({ then: 'done', outcome: 'done', reports: [report], published, release: { resource: action.resource, changed: true } });
  try {
    await publishAll(request, [report]);
  } catch (err) {
    logger.warn('the report of a change could not be published; it waits in the outbox for the retry', { unit: workId(work), error: describeError(err) });
    await request.ledger.settle(work, request.attempt, settlement(false), request.now());
    await request.ledger.release(work, request.attempt);
    return outcome(true);
  }
  await request.ledger.settle(work, request.attempt, settlement(true), request.now());
  return outcome(false);
}

async function takeGuards(guards: readonly Guard[], ctx: GuardContext): Promise<Hold | undefined> {
  for (const guard of guards) {
    const hold = await guard.take(ctx);
    if (hold) return hold;
  }
  return undefined;
}

/**
 * Takes the resource guards, waiting a little while another step holds the resource; a unit
 * that gives up waiting is given back, so whoever comes next continues it at once.
 */
async function takeResource(ctx: GuardContext): Promise<Hold | undefined> {
  const hold = await whileBusy(ctx.request, () => takeGuards(RESOURCE_GUARDS, ctx), (h) => h?.heldBy === 'busy');
  if (hold?.heldBy === 'busy') await ctx.request.ledger.release(ctx.work, ctx.request.attempt);
  return hold;
}

/** A unit this attempt could not claim: done before (a duplicate), or held by another attempt (left for a retry). */
export function unclaimed(result: 'done' | 'busy', rule: string, index: number): StepOutcome {
  return result === 'done'
    ? { kind: 'duplicate', rule, index, reason: 'this event was handled before (duplicate delivery)' }
    : { kind: 'unfinished', rule, index, reason: 'another attempt is handling this event right now; left for a retry' };
}

/** A change that AWS now shows done, to be reported. */
interface Landed {
  changed: true;
  intent: Intent;
}

/**
 * Carries out a recorded intent. An intent an earlier attempt recorded is checked against AWS
 * first (its execute may have landed with the answer lost); one decided just now, under the
 * slot, on a fresh read, is not read again.
 */
async function carryOut(run: StepRun, action: StepAction, intent: Intent, context: ActionContext, resumed: boolean): Promise<Landed> {
  const { clients } = run.request;
  if (!resumed || !(await action.applied(clients, intent.plan))) await action.execute(clients, intent.plan, context);
  return { changed: true, intent };
}

/** An earlier attempt recorded this intent: take the resource back (it is still this step's) and finish. */
async function resume(run: StepRun, step: MutatingStep, action: StepAction, work: WorkKey, intent: Intent, context: ActionContext): Promise<StepOutcome | Landed> {
  const hold = await takeResource({ request: run.request, work, action });
  if (hold?.heldBy === 'busy') return leftForRetry(run, `${hold.reason}; left for a retry`);
  if (hold) {
    // Only someone else's change starts a cooldown while this step holds an intent: the plan is stale.
    const reason = `another change to ${action.resource.id} landed after this step decided to ${intent.summary}; the plan is dropped (${hold.reason})`;
    return settle(run, work, action, { result: actionReport(step, run.rule, 'skipped', reason, intent.before), retryable: false });
  }
  return carryOut(run, action, intent, context, true);
}

async function decideAndAct(run: StepRun, step: MutatingStep, action: StepAction, work: WorkKey, claim: Extract<Claim, { result: 'claimed' }>, context: ActionContext): Promise<StepOutcome | Landed> {
  const ctx: GuardContext = { request: run.request, work, action };
  // A repeat reports what it changes (or would, in dry run): that it found nothing to change or
  // the resource in its cooldown is the normal course, and escalateAfter says when more cannot help.
  const repeat = repeatCycle(run.signal.id) !== undefined;
  const held = (hold: Hold, before: StateSnapshot, holdsSlot = false) => {
    const outcome = hold.heldBy === 'dry-run' ? 'dry-run' : 'skipped';
    const after = hold.heldBy === 'dry-run' && ctx.decision ? ctx.decision.after : before;
    const quiet = (hold.heldBy !== 'dry-run' && claim.heldReported === hold.heldBy) || (repeat && hold.heldBy === 'cooldown');
    return settle(run, work, action, { result: actionReport(step, run.rule, outcome, hold.reason, before, after, hold.heldBy), retryable: false, holdsSlot, quiet });
  };

  const resourceHold = await takeResource(ctx);
  if (resourceHold?.heldBy === 'busy') {
    return leftForRetry(run, `${resourceHold.reason}; waited ${BUSY_WAIT_MS / 1000}s, left for a retry`);
  }
  if (resourceHold) return held(resourceHold, {});

  const decision = await action.decide(run.request.clients, context);
  if (!decision.change) return settle(run, work, action, { result: actionReport(step, run.rule, 'skipped', decision.reason, decision.before), retryable: false, holdsSlot: true, quiet: repeat });
  ctx.decision = decision;
  const hold = await takeGuards(CHANGE_GUARDS, ctx);
  if (hold?.heldBy === 'busy') {
    // The slot went to another step (this one's lease ran out): nothing was recorded, so a retry decides afresh.
    await run.request.ledger.release(work, run.request.attempt);
    return leftForRetry(run, `${hold.reason}; left for a retry`);
  }
  if (hold) return held(hold, decision.before, true);
  // The budget guard recorded the intent: from here on a retry carries out this plan.
  return carryOut(run, action, { plan: decision.plan, before: decision.before, after: decision.after, summary: decision.summary }, context, false);
}

/** Releases a step that an earlier attempt left half-done, then runs it through the guards. */
export async function runMutatingStep(run: StepRun, step: MutatingStep): Promise<StepOutcome> {
  const { request, rule, index } = run;
  const work = workOf(run);
  const action = actionFor(step, request.region, request.account);
  // Replicas that leave a published reader endpoint drain first: the steps that remove them learn where it is.
  const readers = step.type === 'removeReadReplica' || step.type === 'setReadReplicas' ? await readerPublications(request.policy.targets, request.resolver) : undefined;
  const context: ActionContext = { rule, stepKey: `${work.signalId}#${work.unit}`, now: request.now(), deadline: request.deadline, ...(readers ? { readers } : {}) };
  const claim = await claimUnit(request, work);
  if (claim.result !== 'claimed') return unclaimed(claim.result, rule, index);
  if (claim.outbox) {
    await flushOutbox(request, work, claim.outbox.alerts);
    const earlier = claim.outbox.alerts[0]?.action;
    return earlier
      ? { kind: 'action', rule, index, resource: action.resource, report: earlier, retryable: false }
      : { kind: 'duplicate', rule, index, reason: 'published what an earlier attempt had recorded' };
  }
  let ended: StepOutcome | Landed;
  try {
    ended = claim.intent ? await resume(run, step, action, work, claim.intent, context) : await decideAndAct(run, step, action, work, claim, context);
  } catch (err) {
    return failed(run, step, action, work, err);
  }
  return 'changed' in ended ? reportChange(run, step, action, work, ended.intent) : ended;
}

/** A failure is reported and the step handed to a retry when one may help; settling failures propagate. */
async function failed(run: StepRun, step: MutatingStep, action: StepAction, work: WorkKey, err: unknown): Promise<StepOutcome> {
  const retryable = isRetryable(err);
  const reason = `${describeError(err)}${retryable ? ' — will be retried' : ''}`;
  try {
    return await settle(run, work, action, { result: actionReport(step, run.rule, 'failed', reason, {}), retryable, holdsSlot: true });
  } catch (settleError) {
    // The ledger or SNS could not take the report either: the unit is given back (best effort) and the retry finishes it.
    await run.request.ledger.release(work, run.request.attempt).catch(() => undefined);
    return {
      kind: 'action',
      rule: run.rule,
      index: run.index,
      resource: action.resource,
      report: actionReport(step, run.rule, 'failed', `${reason}; and the report could not be recorded: ${describeError(settleError)}`, {}),
      retryable: true,
    };
  }
}

/** An `alert` step: claimed, recorded with its alert, published, finished — once. */
export async function runAlertStep(run: StepRun, step: AlertStep, render: () => Promise<Alert>): Promise<StepOutcome> {
  const { rule, index } = run;
  const reported = await reportOnce(run.request, workOf(run), render);
  if (reported.result !== 'reported') return unclaimed(reported.result, rule, index);
  return { kind: 'alert', rule, index, step };
}
