/**
 * The packaged stack deploys into the embedded AWS's CloudFormation the way osls deploys it:
 * create the stack with only the deployment bucket, upload the zips under the keys the
 * template names, update the stack with the whole template. Then the resources are checked in
 * the services themselves.
 *
 * The emulator's CloudFormation skips some resource types without failing the stack (they get
 * no physical resource); those are asserted from the template instead: EMULATOR_SKIPS below,
 * and the test fails if the emulator starts creating one, so the list stays true.
 */
import { DescribeLogGroupsCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  type Stack,
  type StackResource,
} from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import { clientConfig } from '../../functions/aws/clients';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../../infra/local/moto';
import { POLICY_IN_ZIP } from '../../infra/stack/artifacts';
import { FUNCTIONS, logicalIds, SERIAL_FUNCTIONS, stackNames } from '../../infra/stack/naming';
import { readPackagedStack, resourcesOfType, type PackagedStack, type Template } from '../../infra/stack/packaged';
import { FAILURE_RETENTION_SECONDS } from '../../infra/stack/resources';

/** Resource types the embedded AWS's CloudFormation (moto 5) does not create. */
const EMULATOR_SKIPS = [
  'AWS::CloudWatch::Alarm',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::Scheduler::Schedule',
  'AWS::Scheduler::ScheduleGroup',
];

/** Resources whose condition is false with the default (empty) stage parameters. */
const NOT_CREATED_BY_DEFAULT = ['AlertEmailSubscription', 'AlertSmsSubscription', 'AlarmTopicSubscription', 'AlarmTopicPermission'];

const STACK = 'ops-autopilot-dev';
const names = stackNames('ops-autopilot', 'dev');
const config = clientConfig();

/** Fn::Sub of the stack pseudo parameters, as CloudFormation resolves them in the emulator. */
function resolved(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolved);
  if (value && typeof value === 'object') {
    const sub = (value as Record<string, unknown>)['Fn::Sub'];
    if (typeof sub === 'string') {
      return sub.replaceAll('${AWS::Partition}', 'aws').replaceAll('${AWS::Region}', LOCAL_REGION).replaceAll('${AWS::AccountId}', LOCAL_ACCOUNT);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v)]));
  }
  return value;
}

/**
 * IAM answers with a URL-encoded JSON document; the emulator answers, for inline policies its
 * CloudFormation created, with the Python repr of the document (single quotes), which our
 * documents (no quotes, booleans or nulls inside) survive turned into JSON.
 */
function policyDocument(text: string): unknown {
  const decoded = decodeURIComponent(text);
  try {
    return JSON.parse(decoded);
  } catch {
    return JSON.parse(decoded.replaceAll("'", '"'));
  }
}

describe('the packaged stack deployed into the embedded AWS', () => {
  const cfn = new CloudFormationClient(config);
  let packaged: PackagedStack;
  let template: Template;
  let stack: Stack;
  let resources: Map<string, StackResource>;

  beforeAll(async () => {
    packaged = readPackagedStack();
    template = packaged.template;
    await cfn.send(new CreateStackCommand({ StackName: STACK, TemplateBody: JSON.stringify(packaged.createTemplate) }));
    const created = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    const bucket = created?.Outputs?.find((o) => o.OutputKey === 'ServerlessDeploymentBucketName')?.OutputValue;
    if (!bucket) throw new Error('the create-stack template made no deployment bucket');

    const s3 = new S3Client({ ...config, forcePathStyle: true });
    for (const fn of FUNCTIONS) {
      const key = (template.Resources[logicalIds(fn).function]?.Properties?.Code as { S3Key: string }).S3Key;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(packaged.artifact(fn)) }));
    }
    await cfn.send(new UpdateStackCommand({ StackName: STACK, TemplateBody: JSON.stringify(template), Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'] }));

    const updated = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    if (!updated) throw new Error(`stack ${STACK} is gone after the update`);
    stack = updated;
    const described = (await cfn.send(new DescribeStackResourcesCommand({ StackName: STACK }))).StackResources ?? [];
    resources = new Map(described.filter((r) => r.LogicalResourceId).map((r) => [r.LogicalResourceId ?? '', r]));
  });

  it('completes, with the topic and table as outputs', () => {
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    expect(stack.Outputs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ OutputKey: 'AlertTopicArn', OutputValue: `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${names.alertTopic}` }),
        expect.objectContaining({ OutputKey: 'LedgerTableName', OutputValue: names.ledgerTable }),
      ]),
    );
  });

  it('creates every resource of the template, except the types the emulator skips and the conditions left off', () => {
    const expected = Object.entries(template.Resources)
      .filter(([id, r]) => !EMULATOR_SKIPS.includes(r.Type) && !NOT_CREATED_BY_DEFAULT.includes(id))
      .map(([id]) => id)
      .sort();
    expect([...resources.keys()].sort()).toEqual(expected);
    const skipped = Object.entries(template.Resources).filter(([, r]) => EMULATOR_SKIPS.includes(r.Type));
    expect(skipped.length).toBeGreaterThan(0);
  });

  it('runs the five functions from their zips on nodejs22.x, with their own roles and the contract environment', async () => {
    const lambda = new LambdaClient(config);
    const topicArn = `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${names.alertTopic}`;
    for (const fn of FUNCTIONS) {
      const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: names.function(fn) }));
      // The emulator's CloudFormation drops Architectures (every function reads x86_64): arm64 is asserted from the template.
      expect(template.Resources[logicalIds(fn).function]?.Properties?.Architectures).toEqual(['arm64']);
      expect(configuration).toMatchObject({
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        CodeSize: readFileSync(packaged.artifact(fn)).length,
        Role: expect.stringContaining(`:role/${STACK}-${logicalIds(fn).role}-`),
      });
      expect(configuration.Environment?.Variables).toEqual({
        POLICY_PATH: POLICY_IN_ZIP,
        ALERT_TOPIC_ARN: topicArn,
        LEDGER_TABLE: names.ledgerTable,
        ...(fn === 'slack-notifier' ? { SLACK_WEBHOOK_PARAMETER: '/ops-autopilot/slack-webhook', SLACK_BOT_TOKEN_PARAMETER: '', SLACK_CHANNEL: '' } : {}),
      });
      const concurrency = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: names.function(fn) }));
      expect([fn, concurrency.ReservedConcurrentExecutions]).toEqual([fn, SERIAL_FUNCTIONS.includes(fn) ? 1 : undefined]);
    }
    // EventBridge may invoke alarm-remediation and rds-events, the alert topic slack-notifier.
    const principals = async (fn: (typeof FUNCTIONS)[number]) => {
      const policy = await lambda.send(new GetPolicyCommand({ FunctionName: names.function(fn) }));
      return (JSON.parse(policy.Policy ?? '{}') as { Statement: { Principal: { Service: string } }[] }).Statement.map((s) => s.Principal.Service);
    };
    expect(await principals('alarm-remediation')).toEqual(['events.amazonaws.com', 'events.amazonaws.com']);
    expect(await principals('rds-events')).toEqual(['events.amazonaws.com', 'events.amazonaws.com']);
    expect(await principals('slack-notifier')).toEqual(['sns.amazonaws.com']);
  });

  it("gives each role exactly its function's statements, resolved to this region and account", async () => {
    const iam = new IAMClient(config);
    for (const fn of FUNCTIONS) {
      const roleName = resources.get(logicalIds(fn).role)?.PhysicalResourceId ?? '';
      expect((await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames).toEqual([fn]);
      const document = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: fn }))).PolicyDocument ?? '';
      const expected = (template.Resources[logicalIds(fn).role]?.Properties?.Policies as { PolicyDocument: unknown }[])[0]?.PolicyDocument;
      expect(policyDocument(document)).toEqual(resolved(expected));
    }
  });

  it('routes the policy’s alarm states and RDS events to their functions', async () => {
    const events = new EventBridgeClient(config);
    for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties?.EventPattern)) {
      const name = resources.get(id)?.PhysicalResourceId ?? '';
      const described = await events.send(new DescribeRuleCommand({ Name: name }));
      expect(JSON.parse(described.EventPattern ?? '{}')).toEqual(rule.Properties?.EventPattern);
      expect(described.State).toBe('ENABLED');
      const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: name }))).Targets ?? [];
      const fn = JSON.stringify(rule.Properties?.Targets).includes(logicalIds('alarm-remediation').function) ? 'alarm-remediation' : 'rds-events';
      expect(targets.map((t) => t.Arn)).toEqual([`arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${names.function(fn)}`]);
    }
  });

  it('creates the alert topic, the ledger table, the failure queues and the log groups as declared', async () => {
    const sns = new SNSClient(config);
    const topic = await sns.send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${names.alertTopic}` }));
    expect(topic.Attributes?.DisplayName).toBe('autopilot');

    const dynamo = new DynamoDBClient(config);
    const table = (await dynamo.send(new DescribeTableCommand({ TableName: names.ledgerTable }))).Table;
    expect(table).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    });
    // The emulator's CloudFormation ignores the table's TTL, point-in-time recovery and SSE settings: asserted from the template.
    expect(template.Resources.LedgerTable?.Properties).toMatchObject({
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });

    const sqs = new SQSClient(config);
    for (const fn of FUNCTIONS) {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: names.failureQueue(fn) }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['MessageRetentionPeriod', 'SqsManagedSseEnabled'] }));
      expect(Attributes).toEqual({ MessageRetentionPeriod: String(FAILURE_RETENTION_SECONDS), SqsManagedSseEnabled: 'true' });
    }

    const logs = new CloudWatchLogsClient(config);
    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${STACK}-` }))).logGroups ?? [];
    expect(groups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([...FUNCTIONS].sort().map((fn) => [names.logGroup(fn), 30]));
  });

  // The emulator skips these types (EMULATOR_SKIPS): asserted from the template instead.
  it('declares, in the template, the alarms, subscriptions, schedules and async invoke configs the emulator skips', () => {
    const ofType = (type: string) => resourcesOfType(template, type).map(([id]) => id);
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(FUNCTIONS.length * 3);
    expect(ofType('AWS::Lambda::EventInvokeConfig')).toHaveLength(FUNCTIONS.length);
    expect(ofType('AWS::SNS::Subscription').sort()).toEqual(['AlarmTopicSubscription', 'AlertEmailSubscription', 'AlertSmsSubscription', 'SlackNotifierSubscription']);
    expect(ofType('AWS::Scheduler::Schedule').sort()).toEqual(['WeekdayOffPeakSchedule', 'WeekdayPeakSchedule']);
    for (const id of [...EMULATOR_SKIPS.flatMap(ofType)]) expect([id, resources.has(id)]).toEqual([id, false]);
  });
});
