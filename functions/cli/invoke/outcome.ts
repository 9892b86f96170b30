/** What `invoke` reports: the function's return value, or where and how it failed. The JSON of `--json`. */
import type { FunctionName } from '../../function-names';
import type { InvocationSummary } from '../../runner/summary';

interface Invocation {
  function: FunctionName;
  /** The policy the function read, as shown to the user; absent for slack-notifier. */
  policy?: string;
  dryRun: boolean;
}

export type InvokeOutcome =
  | (Invocation & { ok: true; result: unknown })
  /** `init`: the bundle's module code threw (a cold start failure); `invoke`: the handler threw. */
  | (Invocation & { ok: false; phase: 'init' | 'invoke'; error: { name: string; message: string } });

export function errorOf(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}

/** The three policy functions return an InvocationSummary; slack-notifier its own counts. */
export function isInvocationSummary(value: unknown): value is InvocationSummary {
  const candidate = value as Partial<InvocationSummary> | null;
  return typeof candidate === 'object' && candidate !== null && Array.isArray(candidate.steps) && Array.isArray(candidate.signals);
}
