/** One request object carries what an invocation needs, from the handler to the last report. */
import { randomUUID } from 'node:crypto';
import type { PolicyFunction } from '../function-names';
import { killSwitchReader } from './kill-switch';
import type { Runtime } from './runtime';

export interface InvocationRequest extends Runtime {
  function: PolicyFunction;
  /** The account, from the invoked function's ARN: resources' ARNs in reports. */
  account?: string;
  /**
   * This invocation in the ledger: the owner of the units it claims. Lambda keeps the request id
   * across its retries of an asynchronous invocation, so a retry continues its own work at once.
   */
  attempt: string;
  /** What the invocation may spend before Lambda stops it (epoch ms). */
  deadline: number;
  /** The kill switch, read at most once per invocation. */
  isPaused: () => Promise<boolean>;
  /** Set while the steps of a rule with `dryRun: true` run: the dry-run guard holds them. */
  dryRunRule?: string;
}

/**
 * The request a rule's steps run (or are planned) with. Looked up by name in the policy, so
 * every copy of a rule (a repeat, a filtered rds-events rule) stays dry-run; a schedule that
 * shares a dry-run rule's name is held too, the safe side.
 */
export function requestForRule<R extends InvocationRequest>(request: R, rule: string): R {
  const dryRun = request.policy.rules.some((r) => r.name === rule && r.dryRun === true);
  return dryRun ? { ...request, dryRunRule: rule } : request;
}

export interface LambdaContextLike {
  invokedFunctionArn?: string;
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/** Without a Lambda context (local invocation, tests) an invocation may take this long. */
const DEFAULT_BUDGET_MS = 50_000;
/** Kept back from the Lambda timeout to settle, report and return. */
const SAFETY_MARGIN_MS = 5_000;

export function invocationRequest(fn: PolicyFunction, runtime: Runtime, context?: LambdaContextLike): InvocationRequest {
  const remaining = context?.getRemainingTimeInMillis?.() ?? DEFAULT_BUDGET_MS;
  return {
    ...runtime,
    function: fn,
    account: context?.invokedFunctionArn?.split(':')[4] || undefined,
    attempt: context?.awsRequestId ?? `local:${randomUUID()}`,
    deadline: Date.now() + remaining - SAFETY_MARGIN_MS,
    isPaused: killSwitchReader(runtime.clients.ssm, runtime.policy.settings.killSwitchParameter),
  };
}
