/**
 * Names in the stack: the CloudFormation logical ids osls gives the four functions (so derived
 * resources can reference what serverless.yml declares) and the physical names of the rest.
 */
import type { FunctionName } from '../../functions/function-names';

export { FUNCTIONS, type FunctionName } from '../../functions/function-names';

/** The functions that run policy steps. */
export const REMEDIATION_FUNCTIONS: readonly FunctionName[] = ['alarm-remediation', 'rds-events', 'scheduled-scaling'];

/**
 * One run at a time each (reserved concurrency 1, serverless.yml): the remediation functions so
 * two alarms never race on one resource, slack-notifier so two alerts of one incident never race
 * to post its thread root, reconcile so two runs never overlap.
 */
export const SERIAL_FUNCTIONS: readonly FunctionName[] = [...REMEDIATION_FUNCTIONS, 'slack-notifier', 'reconcile'];

/** osls's own normalisation (lib/plugins/aws/lib/naming.js): `-` → Dash, `_` → Underscore, first letter upper. */
function oslsNormalized(name: FunctionName): string {
  const replaced = name.replaceAll('-', 'Dash').replaceAll('_', 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

/** Our own resources use readable ids: alarm-remediation → AlarmRemediation. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** alarm-remediation → alarmRemediation: the keys stack-config.js exports per function. */
export function camel(name: FunctionName): string {
  const p = pascal(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

export const logicalIds = (name: FunctionName) => ({
  /** Declared by osls from serverless.yml. */
  function: `${oslsNormalized(name)}LambdaFunction`,
  logGroup: `${oslsNormalized(name)}LogGroup`,
  /** Declared by the derived resources (resources.ts). */
  role: `${pascal(name)}Role`,
  failureQueue: `${pascal(name)}FailureQueue`,
});

/** Physical names live with the functions, so the CLI finds a stage's resources by the same function. */
export { stackNames, type StackNames } from '../../functions/stack-names';

/** The ARN of an SSM parameter: names with a leading `/` join `parameter` directly. */
export function parameterArn(name: string): string {
  return `arn:aws:ssm:{region}:{account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}
