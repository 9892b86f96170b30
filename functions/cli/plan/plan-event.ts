/**
 * `plan`'s core: which function takes an event (each function's parser is asked, as the event
 * wiring would route it), what each signal triggers (the function's own selection), and what
 * each step would do now (planStep: the same read, decide and guards as a run, read-only).
 * Nothing is written.
 */
import { alarmRemediation } from '../../flows/alarm-remediation';
import { rdsEvents } from '../../flows/rds-events';
import { scheduledScaling } from '../../flows/scheduled-scaling';
import type { PolicyFunction } from '../../function-names';
import type { PolicyDocument } from '../../policy/schema';
import { planSelection, selectSignals, type FunctionSpec, type RulePlan } from '../../runner/pipeline';
import type { StepPlan } from '../../runner/plan-step';
import type { InvocationRequest } from '../../runner/request';
import type { Rejection, Signal } from '../../signals/types';

export type { RulePlan, StepPlan };

export interface SignalPlan {
  function: PolicyFunction;
  signal: Signal;
  /** What the function does besides the rules, or why nothing would run. */
  notes: string[];
  rules: RulePlan[];
}

export interface FunctionRejection extends Rejection {
  /** The function whose parser rejected it. */
  function: PolicyFunction;
}

export interface EventPlan {
  signals: SignalPlan[];
  rejected: FunctionRejection[];
}

export interface PlanContext {
  policy: PolicyDocument;
  now: Date;
  /**
   * The request steps are planned through (the account in a target's ARN is the signal's);
   * asked only when a rule matches, so an event that triggers nothing is planned without AWS.
   */
  request(fn: PolicyFunction, signal: Signal): Promise<InvocationRequest>;
}

interface FunctionPlan {
  accepted: boolean;
  signals: SignalPlan[];
  rejected: FunctionRejection[];
}

async function planWith<S extends Signal>({ flow, parse }: FunctionSpec<S>, event: unknown, context: PlanContext): Promise<FunctionPlan> {
  const parsed = parse(event, context.now);
  const { selections, rejected } = await selectSignals(flow, parsed, context.policy, context.now);
  const signals: SignalPlan[] = [];
  for (const selection of selections) {
    const hasSteps = selection.rules.some((rule) => rule.do.length > 0);
    const rules = hasSteps ? await planSelection(selection, await context.request(flow.name, selection.signal)) : selection.rules.map((rule) => ({ rule: rule.name, steps: [] }));
    signals.push({ function: flow.name, signal: selection.signal, notes: selection.notes, rules });
  }
  return { accepted: parsed.signals.length > 0, signals, rejected: rejected.map((r) => ({ function: flow.name, ...r })) };
}

export async function planEvent(event: unknown, context: PlanContext): Promise<EventPlan> {
  const byFunction = [
    await planWith(alarmRemediation, event, context),
    await planWith(rdsEvents, event, context),
    await planWith(scheduledScaling, event, context),
  ];
  const accepted = byFunction.filter((f) => f.accepted);
  // When no function takes the event, every parser's reason is kept.
  const shown = accepted.length ? accepted : byFunction;
  return { signals: accepted.flatMap((f) => f.signals), rejected: shown.flatMap((f) => f.rejected) };
}

/** A step could not be decided because AWS did not answer (as opposed to a missing resource). */
export function planHitUnavailableAws(plan: EventPlan): boolean {
  return plan.signals.some((s) => s.rules.some((r) => r.steps.some((step) => step.awsUnavailable)));
}

/** Every step of every signal decided. */
export function planIsDecided(plan: EventPlan): boolean {
  return plan.signals.every((s) => s.rules.every((r) => r.steps.every((step) => step.verdict !== 'cannot-decide')));
}

/** Every signal planned, nothing rejected, every step decided. */
export function planIsComplete(plan: EventPlan): boolean {
  return plan.signals.length > 0 && plan.rejected.length === 0 && planIsDecided(plan);
}
