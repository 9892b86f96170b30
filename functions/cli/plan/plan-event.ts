/**
 * `plan`'s core: for every signal in an event, the rules (or the schedule) it triggers and
 * what each step would do now — the functions' own matching, `planRule` for the steps (the
 * same read and decide as a real run, guards read but not taken). Nothing is written.
 */
import type { FunctionName } from '../../function-names';
import { pinFiring } from '../../flows/scale-on-schedule';
import { matchAlarmRules, matchRdsEventRules } from '../../policy/match';
import type { Policy } from '../../policy/schema';
import { planRule, type StepPlan } from '../../runner/plan';
import type { RuleToRun, RunDependencies } from '../../runner/run-rule';
import { classifyRdsEvent } from '../../signals/rds-catalog';
import type { AlarmSignal, RdsEventSignal, ScheduleSignal, Signal } from '../../signals/types';
import { readSignals, type FunctionRejection } from './read-signals';

export interface RulePlan {
  /** The rule, or the schedule, whose steps these are. */
  rule: string;
  steps: StepPlan[];
}

export interface SignalPlan {
  function: FunctionName;
  signal: Signal;
  /** What the function does besides the rules, or why nothing would run. */
  notes: string[];
  rules: RulePlan[];
}

export interface EventPlan {
  signals: SignalPlan[];
  rejected: FunctionRejection[];
}

export interface PlanContext {
  policy: Policy;
  now: Date;
  /**
   * Dependencies for one signal (the account in a target's ARN is the signal's); asked only
   * when a rule matches, so an event that triggers nothing is planned without AWS.
   */
  dependencies(signal: Signal): Promise<RunDependencies>;
}

async function planRules(rules: RuleToRun[], signal: Signal, context: PlanContext): Promise<RulePlan[]> {
  if (!rules.length) return [];
  const deps = await context.dependencies(signal);
  const plans: RulePlan[] = [];
  for (const rule of rules) plans.push({ rule: rule.name, steps: await planRule(rule, signal.id, deps) });
  return plans;
}

async function planAlarm(signal: AlarmSignal, context: PlanContext): Promise<SignalPlan> {
  const rules = matchAlarmRules(context.policy, signal);
  const notes = rules.length ? [] : [`no rule matches alarm ${signal.alarmName} in state ${signal.state}: nothing would happen`];
  return { function: 'alarm-remediation', signal, notes, rules: await planRules(rules, signal, context) };
}

async function planRdsEvent(signal: RdsEventSignal, context: PlanContext): Promise<SignalPlan> {
  const rules = matchRdsEventRules(context.policy, signal);
  const { title, severity } = classifyRdsEvent(signal);
  // rds-events alerts on every event; the rules' alert steps only raise that alert's severity and title.
  const notes = [`rds-events publishes one ${severity} alert for this event: "${title}"`];
  if (!rules.length) notes.push(`no rule matches ${signal.eventId} on ${signal.sourceId}: nothing else would happen`);
  return { function: 'rds-events', signal, notes, rules: await planRules(rules, signal, context) };
}

async function planSchedule(signal: ScheduleSignal, context: PlanContext): Promise<SignalPlan | FunctionRejection> {
  const schedule = context.policy.schedules.find((s) => s.name === signal.schedule);
  if (!schedule) {
    const known = context.policy.schedules.map((s) => s.name).join(', ') || 'none';
    return { function: 'scheduled-scaling', shape: `schedule "${signal.schedule}"`, reason: `no schedule named "${signal.schedule}" in the policy (known: ${known})` };
  }
  const pinned = pinFiring(signal, schedule, context.now);
  const notes = signal.scheduledTime
    ? []
    : [`the event carries no firing time: pinned to the latest firing of "${schedule.cron}" (${schedule.timezone}) at or before now, ${pinned.scheduledTime}`];
  return { function: 'scheduled-scaling', signal: pinned, notes, rules: await planRules([schedule], pinned, context) };
}

function planSignal(signal: Signal, context: PlanContext): Promise<SignalPlan | FunctionRejection> {
  switch (signal.kind) {
    case 'alarm':
      return planAlarm(signal, context);
    case 'rds-event':
      return planRdsEvent(signal, context);
    case 'schedule':
      return planSchedule(signal, context);
  }
}

export async function planEvent(event: unknown, context: PlanContext): Promise<EventPlan> {
  const { accepted, rejected } = readSignals(event, context.now);
  const plan: EventPlan = { signals: [], rejected };
  for (const signal of accepted.flatMap((parsed) => parsed.result.signals)) {
    const planned = await planSignal(signal, context);
    if ('signal' in planned) plan.signals.push(planned);
    else plan.rejected.push(planned);
  }
  return plan;
}

/** A step could not be decided because AWS did not answer (as opposed to a missing resource). */
export function planHitUnavailableAws(plan: EventPlan): boolean {
  return plan.signals.some((s) => s.rules.some((r) => r.steps.some((step) => step.awsUnavailable)));
}

/** Every signal planned, nothing rejected, every step decided. */
export function planIsComplete(plan: EventPlan): boolean {
  const decided = plan.signals.every((s) => s.rules.every((r) => r.steps.every((step) => step.verdict !== 'cannot-decide')));
  return plan.signals.length > 0 && plan.rejected.length === 0 && decided;
}
