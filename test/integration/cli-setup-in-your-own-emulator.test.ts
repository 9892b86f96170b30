/**
 * `ops-autopilot setup --endpoint` against an emulator the test starts itself, as a user's own:
 * it creates the ledger table of the contract and the alert topic, named for the stage, twice
 * without harm, and nothing else.
 */
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { runCli } from '../../functions/cli/cli';
import { EXIT } from '../../functions/cli/exit-codes';
import type { SetupResult } from '../../functions/cli/setup/run';
import { startEmbeddedAws, type EmbeddedAws } from '../../infra/local/moto';
import { capturedIo } from '../support/cli-io';

describe('setup in an emulator already running', () => {
  let users: EmbeddedAws;
  const config = () => ({ endpoint: users.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

  beforeAll(async () => {
    users = await startEmbeddedAws();
  });
  afterAll(async () => {
    await users.stop();
  });

  async function setup(...args: string[]) {
    const io = capturedIo();
    const code = await runCli(['setup', '--endpoint', users.endpoint, ...args], io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  it('creates the ledger table and alert topic of the stage, prints the environment, and is idempotent', async () => {
    const first = await setup('--stage', 'dev', '--json');
    const second = await setup('--stage', 'dev');

    expect(first.code).toBe(EXIT.ok);
    const result = JSON.parse(first.stdout) as SetupResult;
    expect(result.ledgerTable).toEqual({ name: 'ops-autopilot-dev-ledger', created: true });
    expect(result.alertTopic.arn).toMatch(/^arn:aws:sns:us-east-1:\d{12}:ops-autopilot-dev-alerts$/);
    expect(result.environment).toMatchObject({ AWS_ENDPOINT_URL: users.endpoint, LEDGER_TABLE: 'ops-autopilot-dev-ledger', ALERT_TOPIC_ARN: result.alertTopic.arn });
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toContain('ledger table ops-autopilot-dev-ledger: already there');
    expect(second.stdout).toContain(`export ALERT_TOPIC_ARN=${result.alertTopic.arn}\n`);

    const dynamo = new DynamoDBClient(config());
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: 'ops-autopilot-dev-ledger' }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.AttributeDefinitions).toEqual(expect.arrayContaining([{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }]));
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'ops-autopilot-dev-ledger' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });

    // Nothing else: one table, one topic, no queue, no parameter.
    expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toEqual(['ops-autopilot-dev-ledger']);
    expect((await new SNSClient(config()).send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).toEqual([result.alertTopic.arn]);
    expect((await new SQSClient(config()).send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    expect((await new SSMClient(config()).send(new DescribeParametersCommand({}))).Parameters ?? []).toEqual([]);
  });

  it('refuses a table of that name with other keys, exit 1', async () => {
    await new DynamoDBClient(config()).send(
      new CreateTableCommand({
        TableName: 'ops-autopilot-odd-ledger',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );

    const run = await setup('--stage', 'odd');

    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toMatch(/table ops-autopilot-odd-ledger exists with keys id \(HASH\); the ledger needs pk \(HASH\), sk \(RANGE\)/);
  });

  it('without an endpoint is a usage error, so it never creates in a real account by accident', async () => {
    const io = capturedIo();
    const saved = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    try {
      expect(await runCli(['setup'], io)).toBe(EXIT.usage);
    } finally {
      process.env.AWS_ENDPOINT_URL = saved;
    }
    expect(io.stderr()).toMatch(/give --endpoint/);
  });

  it('exits 3 when the endpoint does not answer', async () => {
    const io = capturedIo();

    expect(await runCli(['setup', '--endpoint', 'http://127.0.0.1:9'], io)).toBe(EXIT.awsUnavailable);
  });
});
