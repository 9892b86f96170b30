/**
 * What the runner would do, without doing it: the same read and `decide` as a real run, and
 * the guards read (not taken) — for `ops-autopilot plan`. Read-only: no claim, slot or budget
 * is written.
 */
import type { ResourceRef, StateSnapshot } from '../model/vocabulary';
import { describeError, isRetryable } from '../aws/errors';
import { MUTATING_ACTIONS, isMutating } from '../actions/registry';
import type { ActionDefinition } from '../actions/types';
import type { Step } from '../actions/steps';
import { cooldownReason } from '../ledger/ledger';
import type { RuleToRun, RunDependencies } from './run-rule';

export interface StepPlan {
  rule: string;
  index: number;
  type: Step['type'];
  resource?: ResourceRef;
  /** would-change | would-skip | would-alert | cannot-decide */
  verdict: 'would-change' | 'would-skip' | 'would-alert' | 'cannot-decide';
  reason: string;
  /** For cannot-decide: AWS was unreachable or throttled (a retry may work), not a missing resource. */
  awsUnavailable?: boolean;
  before?: StateSnapshot;
  after?: StateSnapshot;
}

type AnyDefinition = ActionDefinition<keyof typeof MUTATING_ACTIONS, unknown, unknown>;

async function planStep(step: Step, rule: string, index: number, signalId: string, deps: RunDependencies): Promise<StepPlan> {
  if (!isMutating(step)) return { rule, index, type: step.type, verdict: 'would-alert', reason: `publish a ${step.options.severity} alert` };
  const action = MUTATING_ACTIONS[step.type] as unknown as AnyDefinition;
  const resource = action.target(step.options, deps.region, deps.account);
  const base = { rule, index, type: step.type, resource };
  try {
    const state = await action.read(deps.clients, step.options);
    const decision = action.decide(state, step.options, { rule, stepKey: `${signalId}#${rule}#${index}`, now: deps.now() });
    if (!decision.change) return { ...base, verdict: 'would-skip', reason: decision.reason, before: decision.before };
    const held = await heldBack(resource, action.cooldownSeconds(step.options), deps);
    if (held) return { ...base, verdict: 'would-skip', reason: `${held}; would otherwise ${decision.summary}`, before: decision.before, after: decision.after };
    return { ...base, verdict: 'would-change', reason: decision.summary, before: decision.before, after: decision.after };
  } catch (err) {
    return { ...base, verdict: 'cannot-decide', reason: describeError(err), awsUnavailable: isRetryable(err) };
  }
}

/** The guards a real run would hit now, read without being taken. */
async function heldBack(resource: ResourceRef, cooldownSeconds: number, deps: RunDependencies): Promise<string | undefined> {
  if (await deps.isPaused()) return `paused by the kill switch (${deps.settings.killSwitchParameter} is "true")`;
  if (deps.settings.dryRun) return 'dry run (settings.dryRun)';
  const now = deps.now();
  const last = await deps.ledger.lastChange(resource).catch(() => undefined);
  if (last !== undefined && now.getTime() - last < cooldownSeconds * 1000) return cooldownReason(resource, last, cooldownSeconds, now);
  const spent = await deps.ledger.budgetSpent(now).catch(() => 0);
  if (spent >= deps.settings.maxActionsPerHour) return `hourly budget spent (${spent} of ${deps.settings.maxActionsPerHour})`;
  return undefined;
}

export async function planRule(rule: RuleToRun, signalId: string, deps: RunDependencies): Promise<StepPlan[]> {
  const plans: StepPlan[] = [];
  for (const [index, step] of rule.do.entries()) plans.push(await planStep(step, rule.name, index, signalId, deps));
  return plans;
}
