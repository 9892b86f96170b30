/** `plan`'s human-readable output: per signal, per rule, per step — verdict, reason, before → after. */
import type { Signal } from '../../signals/types';
import { formatChange } from '../snapshot';
import type { Style } from '../style';
import type { EventPlan, FunctionRejection, SignalPlan, StepPlan } from './plan-event';
import type { ReconcilePlan } from './plan-reconcile';

function headline(signal: Signal): string {
  switch (signal.kind) {
    case 'alarm':
      return `alarm ${signal.alarmName} is ${signal.state}${signal.previousState ? ` (was ${signal.previousState})` : ''}`;
    case 'rds-event':
      return `RDS event ${signal.eventId} on ${signal.sourceType} ${signal.sourceId}: ${signal.message}`;
    case 'schedule':
      return `schedule ${signal.schedule} firing at ${signal.scheduledTime ?? signal.time}`;
  }
}

function verdict(step: StepPlan, style: Style): string {
  switch (step.verdict) {
    case 'would-change':
      return style.bold(style.yellow(step.verdict));
    case 'would-skip':
      return style.dim(step.verdict);
    case 'would-alert':
      return style.cyan(step.verdict);
    case 'cannot-decide':
      return style.red(step.verdict);
  }
}

function stepLines(step: StepPlan, style: Style): string[] {
  const target = step.resource ? ` ${step.resource.type} ${step.resource.id}` : '';
  const lines = [`    ${step.index + 1}. ${step.type}${target}: ${verdict(step, style)}`, `       ${step.reason}`];
  if (step.before || step.after) lines.push(`       ${style.dim(formatChange(step.before, step.after))}`);
  if (step.unless) lines.push(`       ${style.yellow(step.unless)}`);
  return lines;
}

function signalLines(planned: SignalPlan, style: Style): string[] {
  const { signal } = planned;
  const lines = [`${style.bold(planned.function)}: ${headline(signal)}${style.dim(`, via ${signal.via}`)}`, `  event ${signal.id}`];
  for (const note of planned.notes) lines.push(`  ${note}`);
  for (const rule of planned.rules) {
    lines.push(`  ${signal.kind === 'schedule' ? 'schedule' : 'rule'} ${style.bold(rule.rule)}`);
    for (const step of rule.steps) lines.push(...stepLines(step, style));
  }
  return lines;
}

function rejectionLine(rejection: FunctionRejection, style: Style): string {
  return `  ${style.red(rejection.function)} rejects ${rejection.shape}: ${rejection.reason}`;
}

export function formatPlan(file: string, plan: EventPlan, style: Style): string {
  const blocks = plan.signals.map((planned) => signalLines(planned, style).join('\n'));
  if (plan.rejected.length) {
    const head = plan.signals.length ? 'Rejected:' : `${style.red(`${file} is not an event any function accepts`)}:`;
    blocks.push([head, ...plan.rejected.map((r) => rejectionLine(r, style))].join('\n'));
  }
  if (!blocks.length) blocks.push(`${file} holds no event records`);
  return `${blocks.join('\n\n')}\n`;
}

/** A reconcile run's plan: its signals as above, then what it would announce. */
export function formatReconcilePlan(plan: ReconcilePlan, style: Style): string {
  const blocks = plan.signals.map((planned) => signalLines(planned, style).join('\n'));
  if (plan.replicas.length) {
    blocks.push(['Replica announcements:', ...plan.replicas.map((r) => `  ${r.replica} of ${r.database} is ${r.status}: ${style.cyan('would-alert')} (${r.event})`)].join('\n'));
  }
  if (plan.escalations.length) {
    blocks.push(['Escalations:', ...plan.escalations.map((e) => `  rule ${style.bold(e.rule)}: ${style.red('would page')} — ${e.alarm} still holds and ${e.reasons.join('; ')}`)].join('\n'));
  }
  if (!blocks.length) blocks.push('Nothing to do: no alarm is in a rule\'s state, no schedule firing is due, no RDS event was missed, no replica to announce.');
  return `${blocks.join('\n\n')}\n`;
}
