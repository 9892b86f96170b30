/**
 * What a function needs for its whole life, built once per cold start from the contract's
 * environment variables. A missing variable or an invalid policy throws here, at init —
 * loudly, at deploy time — rather than on the first alarm at 3 a.m.
 */
import { alertTopicFromEnvironment } from '../alerts/publish';
import { createClients, type AwsClients } from '../aws/clients';
import { ConfigurationError } from '../errors';
import { Ledger } from '../ledger/ledger';
import { policyFromEnvironment } from '../policy/load';
import type { Policy } from '../policy/schema';
import { killSwitchReader } from './kill-switch';
import type { RunDependencies } from './run-rule';

export interface Runtime {
  policy: Policy;
  clients: AwsClients;
  ledger: Ledger;
  topicArn: string;
  region: string;
  now: () => Date;
}

export function runtimeFromEnvironment(): Runtime {
  const region = process.env.AWS_REGION;
  if (!region) throw new ConfigurationError('AWS_REGION is not set');
  const clients = createClients();
  return {
    policy: policyFromEnvironment(),
    clients,
    ledger: Ledger.fromEnvironment(clients.ledger),
    topicArn: alertTopicFromEnvironment(),
    region,
    now: () => new Date(),
  };
}

/** The account id, from the invoked function's ARN (arn:aws:lambda:region:account:function:name). */
export function accountOf(context?: { invokedFunctionArn?: string }): string | undefined {
  return context?.invokedFunctionArn?.split(':')[4] || undefined;
}

/** Per-invocation dependencies of the runner: the kill switch is read afresh for each invocation. */
export function runDependencies(runtime: Runtime, account?: string): RunDependencies {
  return {
    clients: runtime.clients,
    ledger: runtime.ledger,
    settings: runtime.policy.settings,
    region: runtime.region,
    account,
    now: runtime.now,
    isPaused: killSwitchReader(runtime.clients.ssm, runtime.policy.settings.killSwitchParameter),
  };
}
