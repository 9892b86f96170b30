/** `invoke`'s human-readable output: the summary the function returned, step by step. */
import type { InvocationSummary, StepSummary } from '../../runner/summary';
import { formatChange } from '../snapshot';
import type { Style } from '../style';
import { isInvocationSummary, type InvokeOutcome } from './outcome';

function outcomeLabel(step: StepSummary, style: Style): string {
  switch (step.outcome) {
    case 'done':
      return style.bold(style.green(step.outcome));
    case 'failed':
      return style.red(step.outcome);
    case 'dry-run':
      return style.yellow(step.outcome);
    case 'alerted':
      return style.cyan(step.outcome);
    default:
      return style.dim(step.outcome);
  }
}

function summaryLines(summary: InvocationSummary, style: Style): string[] {
  const lines = summary.signals.map((signal) => `  event ${signal}`);
  for (const step of summary.steps) {
    lines.push(`  ${step.rule === '-' ? '' : `rule ${style.bold(step.rule)} `}${step.step}: ${outcomeLabel(step, style)}`, `     ${step.reason}`);
    if (step.before || step.after) lines.push(`     ${style.dim(formatChange(step.before, step.after))}`);
  }
  if (!summary.steps.length && summary.signals.length) lines.push('  no step ran: no rule matched');
  for (const rejected of summary.rejected) lines.push(`  ${style.red('rejected')} ${rejected.shape}: ${rejected.reason}`);
  return lines;
}

/** For stdout on success; a failure is one line on stderr (see failureLine). */
export function formatResult(outcome: Extract<InvokeOutcome, { ok: true }>, style: Style): string {
  const how = [outcome.dryRun ? 'dry run' : '', outcome.policy ? `policy ${outcome.policy}` : ''].filter(Boolean).join(', ');
  const head = `${style.bold(outcome.function)} returned${how ? ` (${how})` : ''}:`;
  const body = isInvocationSummary(outcome.result) ? summaryLines(outcome.result, style) : [JSON.stringify(outcome.result, null, 2)];
  return `${[head, ...body].join('\n')}\n`;
}

export function failureLine(outcome: Extract<InvokeOutcome, { ok: false }>): string {
  const where = outcome.phase === 'init' ? 'failed at init (cold start)' : 'threw';
  return `${outcome.function} ${where}: ${outcome.error.name}: ${outcome.error.message}\n`;
}
