/** What one invocation did: returned by every handler (the CLI and tests read it) and logged. */
import type { Outcome, StateSnapshot } from '../model/vocabulary';
import { RetryableAwsError } from '../errors';
import type { Rejection, Signal } from '../signals/types';
import type { StepOutcome } from './run-rule';

export interface StepSummary {
  signal: string;
  rule: string;
  step: string;
  outcome: Outcome | 'alerted' | 'duplicate';
  reason: string;
  before?: StateSnapshot;
  after?: StateSnapshot;
}

export interface InvocationSummary {
  function: string;
  signals: string[];
  rejected: Rejection[];
  steps: StepSummary[];
  /** Steps that failed with an error a retry may fix. */
  retryable: number;
}

export function newSummary(functionName: string, signals: Signal[], rejected: Rejection[]): InvocationSummary {
  return { function: functionName, signals: signals.map((s) => s.id), rejected, steps: [], retryable: 0 };
}

export function recordOutcomes(summary: InvocationSummary, signal: Signal, outcomes: StepOutcome[]): void {
  for (const o of outcomes) {
    if (o.kind === 'action') {
      const { report } = o;
      summary.steps.push({ signal: signal.id, rule: o.rule, step: report.type, outcome: report.outcome, reason: report.reason, before: report.before, after: report.after });
      if (o.retryable) summary.retryable += 1;
    } else if (o.kind === 'alert') {
      summary.steps.push({ signal: signal.id, rule: o.rule, step: 'alert', outcome: 'alerted', reason: `${o.step.severity} alert` });
    } else {
      summary.steps.push({ signal: signal.id, rule: o.rule, step: `step ${o.index}`, outcome: 'duplicate', reason: o.reason });
    }
  }
}

/** Lambda retries the invocation (and finally sends it to the on-failure queue); the ledger stops the retry from acting twice. */
export function throwIfRetryable(summary: InvocationSummary): void {
  if (summary.retryable > 0) {
    throw new RetryableAwsError(`${summary.retryable} step(s) failed with errors a retry may fix; failing the invocation so Lambda retries it`);
  }
}
