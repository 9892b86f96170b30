/** What one invocation did: returned by every handler (the CLI and tests read it) and logged. */
import type { Outcome, StateSnapshot } from '../model/vocabulary';
import { RetryableAwsError } from '../errors';
import type { Rejection } from '../signals/types';
import type { StepOutcome } from './run-step';

export interface StepSummary {
  signal: string;
  rule: string;
  step: string;
  outcome: Outcome | 'alerted' | 'duplicate' | 'unfinished';
  reason: string;
  before?: StateSnapshot;
  after?: StateSnapshot;
  /** Left for Lambda's retry. */
  retry?: true;
}

export interface InvocationSummary {
  function: string;
  signals: string[];
  rejected: Rejection[];
  steps: StepSummary[];
  /** Work a retry must finish: steps that failed with errors a retry may fix, or that another attempt still held. */
  retryable: number;
  /** Errors a retry may fix outside any step (a report that could not be published), each in a line. */
  errors: string[];
}

export function newSummary(functionName: string, signals: string[], rejected: Rejection[]): InvocationSummary {
  return { function: functionName, signals, rejected, steps: [], retryable: 0, errors: [] };
}

export function recordOutcome(summary: InvocationSummary, signal: string, o: StepOutcome): void {
  switch (o.kind) {
    case 'action': {
      const { report } = o;
      summary.steps.push({ signal, rule: o.rule, step: report.type, outcome: report.outcome, reason: report.reason, before: report.before, after: report.after, ...(o.retryable ? { retry: true as const } : {}) });
      if (o.retryable) summary.retryable += 1;
      return;
    }
    case 'alert':
      summary.steps.push({ signal, rule: o.rule, step: 'alert', outcome: 'alerted', reason: `${o.step.severity} alert` });
      return;
    case 'duplicate':
      summary.steps.push({ signal, rule: o.rule, step: `step ${o.index}`, outcome: 'duplicate', reason: o.reason });
      return;
    case 'reported':
      summary.steps.push({ signal, rule: o.rule, step: 'alert', outcome: 'alerted', reason: o.title });
      return;
    case 'unfinished':
      summary.steps.push({ signal, rule: o.rule, step: `step ${o.index}`, outcome: 'unfinished', reason: o.reason, retry: true });
      summary.retryable += 1;
  }
}

/** Lambda retries the invocation (and finally sends it to the on-failure queue); the ledger stops the retry from acting twice. */
export function throwIfRetryable(summary: InvocationSummary, cause?: unknown): void {
  const unfinished = summary.steps.filter((s) => s.retry);
  const work = summary.retryable + summary.errors.length;
  if (work === 0) return;
  const reasons = [...unfinished.map((s) => `${s.rule} ${s.step}: ${s.reason}`), ...summary.errors];
  throw new RetryableAwsError(`${work} piece(s) of work left for Lambda's retry: ${reasons.join('; ')}`, { cause });
}
