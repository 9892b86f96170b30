/**
 * The one invocation pipeline every function shares (middy's lifecycle in one function):
 * parse the event into signals → select what each signal triggers → report rejected input →
 * for each signal, its own report (if the function has one) and every step of every selected
 * rule through the choke point → log the summary → fail the invocation if a retry must finish
 * something. A function is a FunctionSpec: its parser and its flow, the parts that differ, as
 * data and pure functions.
 */
import { isMutating } from '../actions/registry';
import type { AlertStep, PolicyStep } from '../actions/steps';
import { describeError } from '../aws/errors';
import type { PolicyFunction } from '../function-names';
import { logger } from '../log';
import type { Alert } from '../model/alert';
import type { PolicyDocument } from '../policy/schema';
import type { ParseResult, Rejection, Signal } from '../signals/types';
import { rejectionAlert } from './alerts';
import { planStep, type StepPlan } from './plan-step';
import { invocationRequest, requestForRule, type InvocationRequest, type LambdaContextLike } from './request';
import { runPolicyStep } from './targets';
import { runAlertStep, unclaimed, workOf, type RuleToRun, type StepOutcome, type StepRun } from './run-step';
import type { WorkKey } from '../ledger/ledger';
import type { Runtime } from './runtime';
import { newSummary, recordOutcome, throwIfRetryable, type InvocationSummary } from './summary';
import { publishAll, reportOnce } from './units';

/** What a signal triggers: the signal as the function serves it (a schedule firing pinned), its rules, and notes for `plan`. */
export interface Selection<S extends Signal> {
  signal: S;
  rules: RuleToRun[];
  notes: string[];
}

/** The key reports of one signal share, and facts that pairing learnt (a failover's duration). */
export interface Incident {
  id: string;
  details?: Record<string, string | number | boolean>;
}

/** What a function does with a signal, wherever the signal came from: an event, or reconcile's reading of AWS. */
export interface FlowSpec<S extends Signal> {
  name: PolicyFunction;
  /** What a signal triggers, or why the function cannot serve it. Pure, but may load code it rarely needs. */
  select(signal: S, policy: PolicyDocument, now: Date): Selection<S> | Rejection | Promise<Selection<S> | Rejection>;
  /** The incident a signal's reports join; may open or close it in the ledger (idempotently per signal). */
  incident(signal: S, request: InvocationRequest): Promise<Incident>;
  /** The alert an `alert` step publishes. Pure. */
  renderAlertStep(signal: S, step: AlertStep, incident: Incident, region: string): Alert;
  /** The function's own alert on every signal, published once before the rules (rds-events). */
  signalReport?(signal: S, selection: Selection<S>, incident: Incident, request: InvocationRequest): Promise<Alert>;
}

/**
 * A function: its flow, and how its events become signals. Apart, so that reconcile, which makes
 * its own signals, bundles the flows without the parsers.
 */
export interface FunctionSpec<S extends Signal> {
  flow: FlowSpec<S>;
  /** Any input → signals and rejections. Pure; never throws. */
  parse(event: unknown, receivedAt: Date): ParseResult<S>;
}

function isRejection<S extends Signal>(selected: Selection<S> | Rejection): selected is Rejection {
  return 'reason' in selected;
}

export async function selectSignals<S extends Signal>(
  flow: FlowSpec<S>,
  parsed: ParseResult<S>,
  policy: PolicyDocument,
  now: Date,
): Promise<{ selections: Selection<S>[]; rejected: Rejection[] }> {
  const selections: Selection<S>[] = [];
  const rejected = [...parsed.rejected];
  for (const signal of parsed.signals) {
    const selected = await flow.select(signal, policy, now);
    if (isRejection(selected)) rejected.push(selected);
    else selections.push(selected);
  }
  return { selections, rejected };
}

/** Unsupported input: a log line and a published report, never an action; a report SNS refused is retried. */
async function reportRejections(fn: PolicyFunction, rejected: Rejection[], request: InvocationRequest, summary: InvocationSummary, causes: unknown[]): Promise<void> {
  for (const rejection of rejected) {
    logger.warn('input rejected: not a supported event, no action taken', { shape: rejection.shape, reason: rejection.reason });
    try {
      await publishAll(request, [rejectionAlert(fn, rejection, request.region, request.now())]);
    } catch (err) {
      causes.push(err);
      summary.errors.push(`the report of a rejected input could not be published: ${describeError(err)}`);
      logger.error('rejection report not published; the invocation will be retried', { error: describeError(err) });
    }
  }
}

function memo<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= compute();
    value.catch(() => (value = undefined));
    return value;
  };
}

/**
 * A unit that could not finish (the ledger or SNS failed outside a step's own handling) is
 * given back, so another delivery or the retry continues it at once, and left for the retry.
 */
async function finishing(request: InvocationRequest, unit: WorkKey, rule: string, index: number, causes: unknown[], work: () => Promise<StepOutcome>): Promise<StepOutcome> {
  try {
    return await work();
  } catch (err) {
    causes.push(err);
    await request.ledger.release(unit, request.attempt).catch((releaseError: unknown) => logger.warn('unit not released; its lease runs out instead', { error: describeError(releaseError) }));
    return { kind: 'unfinished', rule, index, reason: `${describeError(err)} — left for a retry` };
  }
}

function logOutcome(signal: Signal, outcome: StepOutcome): void {
  const facts = { signal: signal.id, rule: outcome.rule, step: outcome.index };
  if (outcome.kind === 'action') logger.info(`step ${outcome.report.outcome}`, { ...facts, type: outcome.report.type, reason: outcome.report.reason, retryable: outcome.retryable });
  else if (outcome.kind === 'unfinished') logger.warn('step unfinished; the invocation will be retried', { ...facts, reason: outcome.reason });
  else if (outcome.kind === 'duplicate') logger.info('duplicate delivery: step not run again', { ...facts, reason: outcome.reason });
}

/** The function's own report of a signal, as an exactly-once unit of its own. */
async function runSignalReport<S extends Signal>(flow: FlowSpec<S>, selection: Selection<S>, incident: () => Promise<Incident>, request: InvocationRequest): Promise<StepOutcome> {
  const { signal } = selection;
  const report = flow.signalReport;
  if (!report) throw new Error(`${flow.name} has no signal report`);
  const reported = await reportOnce(request, { signalId: signal.id, unit: 'event' }, async () => report(signal, selection, await incident(), request));
  if (reported.result !== 'reported') return unclaimed(reported.result, '-', 0);
  return { kind: 'reported', rule: selection.rules.map((r) => r.name).join(',') || '-', index: 0, title: reported.alerts[0]?.title ?? '' };
}

export async function runSelection<S extends Signal>(flow: FlowSpec<S>, selection: Selection<S>, request: InvocationRequest, summary: InvocationSummary, causes: unknown[]): Promise<void> {
  const { signal } = selection;
  const incident = memo(() => flow.incident(signal, request));
  const record = (outcome: StepOutcome) => {
    logOutcome(signal, outcome);
    recordOutcome(summary, signal.id, outcome);
  };
  if (flow.signalReport) record(await finishing(request, { signalId: signal.id, unit: 'event' }, '-', 0, causes, () => runSignalReport(flow, selection, incident, request)));
  for (const rule of selection.rules) {
    for (const [index, step] of rule.do.entries()) {
      const run: StepRun = { request: requestForRule(request, rule.name), signal, rule: rule.name, index, incident: async () => (await incident()).id };
      const work = isMutating(step)
        ? () => runPolicyStep(run, step)
        : async () => runAlertStep(run, step.options, async () => flow.renderAlertStep(signal, step.options, await incident(), request.region));
      record(await finishing(request, workOf(run), rule.name, index, causes, work));
    }
  }
}

export async function runInvocation<S extends Signal>({ flow, parse }: FunctionSpec<S>, event: unknown, runtime: Runtime, context?: LambdaContextLike): Promise<InvocationSummary> {
  const request = invocationRequest(flow.name, runtime, context);
  const { selections, rejected } = await selectSignals(flow, parse(event, request.now()), request.policy, request.now());
  const summary = newSummary(flow.name, selections.map((s) => s.signal.id), rejected);
  // Errors that left work unfinished: the first becomes the cause of the retry's error.
  const causes: unknown[] = [];
  await reportRejections(flow.name, rejected, request, summary, causes);
  for (const selection of selections) await runSelection(flow, selection, request, summary, causes);
  logger.info('invocation summary', { ...summary });
  throwIfRetryable(summary, causes[0]);
  return summary;
}

export interface RulePlan {
  /** The rule, or the schedule, whose steps these are. */
  rule: string;
  steps: StepPlan[];
}

/** A step a run would find finished: the ledger says so, read only. */
async function planFinished(request: InvocationRequest, signal: Signal, rule: string, index: number, step: PolicyStep): Promise<StepPlan | undefined> {
  try {
    if (!(await request.ledger.isDone(workOf({ signal, rule, index })))) return undefined;
  } catch {
    // A ledger that cannot be read is planStep's to report, with the guards it cannot check.
    return undefined;
  }
  return { rule, index, type: step.type, verdict: 'would-skip', reason: 'already handled: a run would find this step done and call the event a duplicate' };
}

/** What `plan` shows for one selected signal: the same selection as a run, each step planned read-only. */
export async function planSelection<S extends Signal>(selection: Selection<S>, request: InvocationRequest): Promise<RulePlan[]> {
  const plans: RulePlan[] = [];
  for (const rule of selection.rules) {
    const steps: StepPlan[] = [];
    const ruleRequest = requestForRule(request, rule.name);
    for (const [index, step] of rule.do.entries()) {
      steps.push((await planFinished(ruleRequest, selection.signal, rule.name, index, step)) ?? (await planStep(ruleRequest, selection.signal, rule.name, index, step)));
    }
    plans.push({ rule: rule.name, steps });
  }
  return plans;
}
