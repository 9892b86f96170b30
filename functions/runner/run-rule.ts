/**
 * The one choke point between a decision and a change to AWS. For every step of a matched
 * rule: exactly-once claim → read → decide → kill switch → dry-run → cooldown slot →
 * re-read and re-decide under the slot → hourly budget → execute. Guards live here once,
 * never in an action.
 */
import type { ActionReport, Outcome, ResourceRef, StateSnapshot } from '../model/vocabulary';
import type { AwsClients } from '../aws/clients';
import { describeError, isRetryable } from '../aws/errors';
import { MUTATING_ACTIONS, type MutatingType } from '../actions/registry';
import type { AlertStep, Step } from '../actions/steps';
import type { ActionContext, ActionDefinition, Decision } from '../actions/types';
import type { Ledger } from '../ledger/ledger';
import type { Settings } from '../policy/schema';

export interface RunDependencies {
  clients: AwsClients;
  ledger: Ledger;
  settings: Settings;
  region: string;
  account?: string;
  now: () => Date;
  /** The kill switch; asked at most once per invocation and only when a change is due. */
  isPaused: () => Promise<boolean>;
}

export interface RuleToRun {
  name: string;
  do: Step[];
}

/** What happened to one step. */
export type StepOutcome =
  | { kind: 'action'; rule: string; index: number; resource: ResourceRef; report: ActionReport; retryable: boolean }
  | { kind: 'alert'; rule: string; index: number; step: AlertStep }
  | { kind: 'duplicate'; rule: string; index: number; reason: string };

type Mutating = Extract<Step, { type: MutatingType }>;
type AnyDefinition = ActionDefinition<MutatingType, unknown, unknown>;

function report(step: Step, rule: string, outcome: Outcome, reason: string, before: StateSnapshot, after: StateSnapshot = before): ActionReport {
  return { type: step.type, rule, outcome, reason, before, after };
}

async function decideUnderGuards(
  step: Mutating,
  rule: string,
  resource: ResourceRef,
  context: ActionContext,
  deps: RunDependencies,
): Promise<ActionReport> {
  const action = MUTATING_ACTIONS[step.type] as unknown as AnyDefinition;
  const decide = async (): Promise<Decision<unknown>> => action.decide(await action.read(deps.clients, step.options), step.options, context);

  const decision = await decide();
  if (!decision.change) return report(step, rule, 'skipped', decision.reason, decision.before);
  if (await deps.isPaused()) {
    return report(step, rule, 'skipped', `paused by the kill switch (${deps.settings.killSwitchParameter} is "true"); would ${decision.summary}`, decision.before);
  }
  if (deps.settings.dryRun) {
    return report(step, rule, 'dry-run', `dry run: would ${decision.summary}`, decision.before, decision.after);
  }

  const slot = await deps.ledger.acquireSlot(resource, action.cooldownSeconds(step.options), rule, deps.now());
  if (!slot.acquired) return report(step, rule, 'skipped', slot.reason, decision.before);
  let changed = false;
  try {
    // Under the slot nobody else changes this resource: decide again on what is there now.
    const current = await decide();
    if (!current.change) return report(step, rule, 'skipped', current.reason, current.before);
    if (!(await deps.ledger.spendBudget(deps.settings.maxActionsPerHour, deps.now()))) {
      return report(step, rule, 'skipped', `hourly budget spent: ${deps.settings.maxActionsPerHour} changes already made this hour (maxActionsPerHour); would ${current.summary}`, current.before);
    }
    const after = await action.execute(deps.clients, current.plan, context);
    // Only a change that happened starts the cooldown: a failed one must not block Lambda's retry.
    changed = true;
    return report(step, rule, 'done', current.summary, current.before, after);
  } finally {
    await deps.ledger.releaseSlot(resource, changed, deps.now());
  }
}

async function runMutatingStep(step: Mutating, rule: string, index: number, signalId: string, deps: RunDependencies): Promise<StepOutcome> {
  const action = MUTATING_ACTIONS[step.type] as unknown as AnyDefinition;
  const resource = action.target(step.options, deps.region, deps.account);
  const context: ActionContext = { rule, stepKey: `${signalId}#${rule}#${index}`, now: deps.now() };
  try {
    const result = await decideUnderGuards(step, rule, resource, context, deps);
    return { kind: 'action', rule, index, resource, report: result, retryable: false };
  } catch (err) {
    const retryable = isRetryable(err);
    const reason = `${describeError(err)}${retryable ? ' — will be retried' : ''}`;
    return { kind: 'action', rule, index, resource, report: report(step, rule, 'failed', reason, {}), retryable };
  }
}

/** Runs a rule's steps in order; a failed step is reported and the later steps still run. */
export async function runRule(rule: RuleToRun, signalId: string, deps: RunDependencies): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const [index, step] of rule.do.entries()) {
    const claim = await deps.ledger.claimStep(signalId, rule.name, index, deps.now());
    if (claim !== 'claimed') {
      const reason = claim === 'done-before' ? 'this event was handled before (duplicate delivery)' : 'another invocation is handling this event right now';
      outcomes.push({ kind: 'duplicate', rule: rule.name, index, reason });
      continue;
    }
    const outcome: StepOutcome =
      step.type === 'alert'
        ? { kind: 'alert', rule: rule.name, index, step: step.options }
        : await runMutatingStep(step, rule.name, index, signalId, deps);
    const retry = outcome.kind === 'action' && outcome.retryable;
    await deps.ledger.settleStep(signalId, rule.name, index, retry ? 'retry' : 'done', outcome.kind === 'action' ? outcome.report.outcome : 'alert');
    outcomes.push(outcome);
  }
  return outcomes;
}
