/**
 * Physical names of what a deployed stage creates, all under `<service>-<stage>` so stages
 * never collide. The stack (infra/stack) names its resources with this, and the CLI finds a
 * stage's ledger table, alert topic and functions with the same function, so the two never drift.
 */
import type { FunctionName } from './function-names';

/** serverless.yml's `service`. */
export const SERVICE = 'ops-autopilot';

/**
 * Fixed names (not CloudFormation-generated ones) let the IAM statements name each resource as
 * a plain ARN, the same form the action registry uses.
 */
export interface StackNames {
  function(name: FunctionName): string;
  logGroup(name: FunctionName): string;
  failureQueue(name: FunctionName): string;
  ledgerTable: string;
  alertTopic: string;
  scheduleGroup: string;
}

export function stackNames(service: string, stage: string): StackNames {
  const prefix = `${service}-${stage}`;
  return {
    /** osls's default function name, `<service>-<stage>-<function>`. */
    function: (name) => `${prefix}-${name}`,
    logGroup: (name) => `/aws/lambda/${prefix}-${name}`,
    failureQueue: (name) => `${prefix}-${name}-failures`,
    ledgerTable: `${prefix}-ledger`,
    alertTopic: `${prefix}-alerts`,
    scheduleGroup: prefix,
  };
}

/** The names of a stage of this service, as `--stage` gives it. */
export const stageNames = (stage: string): StackNames => stackNames(SERVICE, stage);
