/**
 * The sandbox world the tests and the demo share, built in the embedded AWS through the SDK.
 * Idempotent: each resource is created when missing and brought back to its starting shape
 * when present, so running it twice gives the same world.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateLaunchTemplateCommand, DescribeLaunchTemplatesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig } from '../../functions/aws/clients';
import { ensureLedgerTable } from '../../functions/ledger/dynamodb/create-table';

export const SANDBOX = {
  group: 'web-asg',
  launchTemplate: 'web-lt',
  instance: 'app-db',
  cluster: 'orders-aurora',
  clusterWriter: 'orders-aurora-writer',
  alarms: ['web-cpu-high', 'web-cpu-low', 'app-db-read-pressure', 'orders-cpu-high'],
  topic: 'ops-autopilot-alerts',
  alertQueue: 'ops-autopilot-alerts-readback',
  ledgerTable: 'ops-autopilot-ledger',
  slackParameter: '/ops-autopilot/slack-webhook',
  killSwitchParameter: '/ops-autopilot/paused',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
} as const;

export interface SandboxWorld {
  topicArn: string;
  alertQueueUrl: string;
  ledgerTable: string;
  slackParameter: string;
  killSwitchParameter: string;
}

export interface SandboxOptions {
  /** The URL stored as the Slack webhook: point it at a capture server on loopback. */
  slackWebhookUrl: string;
}

const config = () => clientConfig({ maxAttempts: 2 });

async function ensureLaunchTemplate(ec2: EC2Client): Promise<void> {
  const existing = await ec2
    .send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [SANDBOX.launchTemplate] }))
    .catch(() => undefined);
  if (existing?.LaunchTemplates?.length) return;
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: SANDBOX.launchTemplate,
      LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' },
    }),
  );
}

async function ensureGroup(autoScaling: AutoScalingClient): Promise<void> {
  const shape = { MinSize: 2, DesiredCapacity: 2, MaxSize: 10 };
  const found = await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [SANDBOX.group] }));
  if (found.AutoScalingGroups?.length) {
    await autoScaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: SANDBOX.group, ...shape }));
    return;
  }
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: SANDBOX.group,
      LaunchTemplate: { LaunchTemplateName: SANDBOX.launchTemplate, Version: '$Latest' },
      AvailabilityZones: [...SANDBOX.availabilityZones],
      ...shape,
    }),
  );
}

async function exists(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (err) {
    if (err instanceof Error && /NotFound/.test(err.name)) return false;
    throw err;
  }
}

async function ensureDatabase(rds: RDSClient): Promise<void> {
  const instanceExists = await exists(() =>
    rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: SANDBOX.instance })),
  );
  if (!instanceExists) {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: SANDBOX.instance,
        Engine: 'mysql',
        EngineVersion: '8.0.39',
        DBInstanceClass: 'db.t3.medium',
        AllocatedStorage: 20,
        MasterUsername: 'admin',
        MasterUserPassword: 'sandbox-password-1',
        BackupRetentionPeriod: 7,
        MultiAZ: true,
      }),
    );
  }
  const clusterExists = await exists(() =>
    rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: SANDBOX.cluster })),
  );
  if (!clusterExists) {
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: SANDBOX.cluster,
        Engine: 'aurora-mysql',
        MasterUsername: 'admin',
        MasterUserPassword: 'sandbox-password-1',
        BackupRetentionPeriod: 1,
      }),
    );
  }
  const writerExists = await exists(() =>
    rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: SANDBOX.clusterWriter })),
  );
  if (!writerExists) {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: SANDBOX.clusterWriter,
        DBClusterIdentifier: SANDBOX.cluster,
        Engine: 'aurora-mysql',
        DBInstanceClass: 'db.r6g.large',
      }),
    );
  }
}

function alarmDefinitions(): PutMetricAlarmCommandInput[] {
  const cpu = (name: string, operator: 'GreaterThanThreshold' | 'LessThanThreshold', threshold: number) => ({
    AlarmName: name,
    Namespace: 'AWS/EC2',
    MetricName: 'CPUUtilization',
    Dimensions: [{ Name: 'AutoScalingGroupName', Value: SANDBOX.group }],
    Statistic: 'Average' as const,
    Period: 60,
    EvaluationPeriods: 3,
    Threshold: threshold,
    ComparisonOperator: operator,
  });
  return [
    cpu('web-cpu-high', 'GreaterThanThreshold', 70),
    cpu('web-cpu-low', 'LessThanThreshold', 20),
    {
      AlarmName: 'app-db-read-pressure',
      Namespace: 'AWS/RDS',
      MetricName: 'ReadIOPS',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: SANDBOX.instance }],
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 5,
      Threshold: 2000,
      ComparisonOperator: 'GreaterThanThreshold',
    },
    {
      AlarmName: 'orders-cpu-high',
      Namespace: 'AWS/RDS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'DBClusterIdentifier', Value: SANDBOX.cluster }],
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 3,
      Threshold: 75,
      ComparisonOperator: 'GreaterThanThreshold',
    },
  ];
}

async function ensureAlertTopic(sns: SNSClient, sqs: SQSClient): Promise<{ topicArn: string; alertQueueUrl: string }> {
  const { TopicArn: topicArn } = await sns.send(new CreateTopicCommand({ Name: SANDBOX.topic }));
  const { QueueUrl: alertQueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: SANDBOX.alertQueue }));
  if (!topicArn || !alertQueueUrl) throw new Error('sandbox: topic or queue was not created');
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: alertQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn ?? '';
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: alertQueueUrl,
      Attributes: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
              Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
            },
          ],
        }),
      },
    }),
  );
  // Subscribe is idempotent for the same endpoint and attributes.
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return { topicArn, alertQueueUrl };
}

export async function buildSandboxWorld(options: SandboxOptions): Promise<SandboxWorld> {
  const cfg = config();
  const ec2 = new EC2Client(cfg);
  const autoScaling = new AutoScalingClient(cfg);
  const rds = new RDSClient(cfg);
  const cloudwatch = new CloudWatchClient(cfg);
  const dynamo = new DynamoDBClient(cfg);
  const sns = new SNSClient(cfg);
  const sqs = new SQSClient(cfg);
  const ssm = new SSMClient(cfg);

  await ensureLaunchTemplate(ec2);
  await ensureGroup(autoScaling);
  await ensureDatabase(rds);
  for (const alarm of alarmDefinitions()) await cloudwatch.send(new PutMetricAlarmCommand(alarm));
  await ensureLedgerTable(dynamo, SANDBOX.ledgerTable);
  const { topicArn, alertQueueUrl } = await ensureAlertTopic(sns, sqs);
  await ssm.send(
    new PutParameterCommand({
      Name: SANDBOX.slackParameter,
      Type: 'SecureString',
      Value: options.slackWebhookUrl,
      Overwrite: true,
    }),
  );
  await ssm.send(
    new PutParameterCommand({ Name: SANDBOX.killSwitchParameter, Type: 'String', Value: 'false', Overwrite: true }),
  );
  return {
    topicArn,
    alertQueueUrl,
    ledgerTable: SANDBOX.ledgerTable,
    slackParameter: SANDBOX.slackParameter,
    killSwitchParameter: SANDBOX.killSwitchParameter,
  };
}
