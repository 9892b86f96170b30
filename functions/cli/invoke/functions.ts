/**
 * The functions `invoke` can run and what each needs from the environment. The CLI sets
 * POLICY_PATH itself; everything else must come from the operator, as in the deployed stack.
 */
import { FUNCTIONS, type FunctionName } from '../../function-names';
import { UsageError } from '../errors';

export interface Variable {
  name: string;
  meaning: string;
}

const REGION: Variable = { name: 'AWS_REGION', meaning: 'the region the function runs in (Lambda always sets it)' };
const ALERT_TOPIC: Variable = { name: 'ALERT_TOPIC_ARN', meaning: 'the SNS topic that receives every alert and action report' };
const LEDGER: Variable = { name: 'LEDGER_TABLE', meaning: 'the DynamoDB table of the action ledger' };
const SLACK: Variable = { name: 'SLACK_WEBHOOK_PARAMETER', meaning: 'the SSM SecureString parameter holding the Slack webhook URL' };

export const REQUIRED_ENV: Record<FunctionName, readonly Variable[]> = {
  'alarm-remediation': [REGION, ALERT_TOPIC, LEDGER],
  'rds-events': [REGION, ALERT_TOPIC, LEDGER],
  'scheduled-scaling': [REGION, ALERT_TOPIC, LEDGER],
  'slack-notifier': [SLACK],
  reconcile: [REGION, ALERT_TOPIC, LEDGER],
};

export function functionNamed(name: string): FunctionName {
  const found = FUNCTIONS.find((f) => f === name);
  if (!found) throw new UsageError('invoke', `unknown function "${name}"; the functions are ${FUNCTIONS.join(', ')}`);
  return found;
}

export function missingVariables(name: FunctionName, env: NodeJS.ProcessEnv = process.env): Variable[] {
  return REQUIRED_ENV[name].filter((variable) => !env[variable.name]?.trim());
}
