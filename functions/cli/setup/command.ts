/**
 * `ops-autopilot setup --endpoint <url> [--stage local] [--json]`: in an emulator that is
 * already running (yours, with your own world in it), creates only what the functions need
 * besides your resources — the ledger table and the alert topic, named as the stage's stack
 * names them — and prints the environment to export. Idempotent; creates nothing else.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { describeError, isRetryable } from '../../aws/errors';
import { clientConfig } from '../../aws/clients';
import { stageNames } from '../../stack-names';
import { parseCommandLine, takePositionals } from '../args';
import type { Command } from '../command';
import { AwsUnavailableError, CliError, UsageError } from '../errors';
import { EXIT } from '../exit-codes';
import { writeJson } from '../io';
import { stageOption } from '../stage-option';
import { ensureAlertTopic } from './alert-topic';
import { ensureLedgerTable } from '../../ledger/dynamodb/create-table';

const NAME = 'setup';

const OPTIONS = {
  endpoint: { type: 'string' },
  stage: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const DEFAULT_STAGE = 'local';
/** Emulators accept any region and credentials; these are used only when none are configured. */
const EMULATOR_REGION = 'us-east-1';
const EMULATOR_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

const HELP = `Usage: ops-autopilot setup [--endpoint url] [--stage stage] [--json]

For an emulator that is already running (moto, LocalStack) with your own world in it:
creates the ledger table (pk String, sk String, TTL on expiresAt) and the alert topic, named
as a deployed stage names them (ops-autopilot-<stage>-ledger, ops-autopilot-<stage>-alerts),
and prints the environment to export for invoke, plan --stage and selftest. Running it again
changes nothing. It creates nothing else: no groups, databases, alarms, parameters (a missing
kill-switch parameter means "not paused") or subscriptions.

It only works against an endpoint: a deployed stage's table and topic come from its stack.

Options:
  --endpoint <url>  the emulator (default: $AWS_ENDPOINT_URL)
  --stage <stage>   the names to use (default: ${DEFAULT_STAGE})
  --json            print what was ensured as one JSON object on stdout
  -h, --help        show this help

Exit codes:
  0  the table and topic exist
  1  a table of that name exists with other keys
  2  usage error (no endpoint)
  3  the endpoint does not answer

Examples:
  ops-autopilot setup --endpoint http://127.0.0.1:5000
  eval "$(ops-autopilot setup --endpoint http://127.0.0.1:5000 --stage dev | grep ^export)"
`;

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

export const setupCommand: Command = {
  name: NAME,
  summary: 'create only the ledger table and alert topic in an emulator already running',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
    takePositionals(NAME, positionals, []);
    const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL;
    if (!endpoint) throw new UsageError(NAME, 'give --endpoint (or set AWS_ENDPOINT_URL): setup creates resources only in an emulator');
    const result = await ensure(endpoint, stageOption(NAME, values.stage) ?? DEFAULT_STAGE, process.env);
    if (values.json) writeJson(io, result);
    else io.out(formatSetup(result));
    return EXIT.ok;
  },
};
