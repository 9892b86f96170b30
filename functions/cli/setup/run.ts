/** `ops-autopilot setup`: what it does; its help is in command.ts. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { describeError, isRetryable } from '../../aws/errors';
import { clientConfig } from '../../aws/clients';
import { stageNames } from '../../stack-names';
import { parseCommandLine, takePositionals } from '../args';
import { AwsUnavailableError, CliError, UsageError } from '../errors';
import { EXIT, type ExitCode } from '../exit-codes';
import { writeJson, type CliIo } from '../io';
import { stageOption } from '../stage-option';
import { ensureAlertTopic } from './alert-topic';
import { ensureLedgerTable } from '../../ledger/dynamodb/create-table';
import { DEFAULT_STAGE, NAME } from './command';

const OPTIONS = {
  endpoint: { type: 'string' },
  stage: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Emulators accept any region and credentials; these are used only when none are configured. */
const EMULATOR_REGION = 'us-east-1';
const EMULATOR_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface SetupResult {
  endpoint: string;
  stage: string;
  ledgerTable: { name: string; created: boolean };
  alertTopic: { name: string; arn: string };
  /** Variables to export; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY only when none were configured. */
  environment: Record<string, string>;
}

function clientsFor(endpoint: string, env: NodeJS.ProcessEnv) {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || EMULATOR_REGION;
  const credentials = env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE ? undefined : EMULATOR_CREDENTIALS;
  const config = { ...clientConfig({ endpoint, maxAttempts: 2 }), region, ...(credentials ? { credentials } : {}) };
  return { dynamo: new DynamoDBClient(config), sns: new SNSClient(config), region, credentials };
}

async function ensure(endpoint: string, stage: string, env: NodeJS.ProcessEnv): Promise<SetupResult> {
  const names = stageNames(stage);
  const { dynamo, sns, region, credentials } = clientsFor(endpoint, env);
  try {
    const table = await ensureLedgerTable(dynamo, names.ledgerTable);
    const topicArn = await ensureAlertTopic(sns, names.alertTopic);
    return {
      endpoint,
      stage,
      ledgerTable: { name: names.ledgerTable, created: table === 'created' },
      alertTopic: { name: names.alertTopic, arn: topicArn },
      environment: {
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: region,
        ...(credentials ? { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey } : {}),
        LEDGER_TABLE: names.ledgerTable,
        ALERT_TOPIC_ARN: topicArn,
      },
    };
  } catch (err) {
    if (isRetryable(err)) throw new AwsUnavailableError(`${endpoint} does not answer: ${describeError(err)}`, { cause: err });
    throw new CliError(describeError(err), EXIT.failed, { cause: err });
  } finally {
    dynamo.destroy();
    sns.destroy();
  }
}

function formatSetup(result: SetupResult): string {
  const lines = [
    `In ${result.endpoint} (stage ${result.stage}):`,
    `  ledger table ${result.ledgerTable.name}: ${result.ledgerTable.created ? 'created' : 'already there'}`,
    `  alert topic  ${result.alertTopic.arn}`,
    '',
    'Export in the shell you run ops-autopilot from:',
    ...Object.entries(result.environment).map(([name, value]) => `export ${name}=${value}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
  takePositionals(NAME, positionals, []);
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new UsageError(NAME, 'give --endpoint (or set AWS_ENDPOINT_URL): setup creates resources only in an emulator');
  const result = await ensure(endpoint, stageOption(NAME, values.stage) ?? DEFAULT_STAGE, process.env);
  if (values.json) writeJson(io, result);
  else io.out(formatSetup(result));
  return EXIT.ok;
}
