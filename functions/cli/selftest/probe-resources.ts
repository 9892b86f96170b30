/**
 * The temporary resources of one self-test and their removal: a metric alarm (on a metric
 * nobody publishes, so CloudWatch itself never moves it to ALARM), and an SQS queue subscribed
 * to the stage's alert topic, filtered to action reports. Only these are created; `remove`
 * deletes whatever of them exists and never throws, so it can run after any failure.
 */
import { DeleteAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListTopicsCommand, SubscribeCommand, UnsubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describeError } from '../../aws/errors';

export interface ProbeClients {
  cloudwatch: CloudWatchClient;
  sns: SNSClient;
  sqs: SQSClient;
}

/** What exists so far, for `remove`. */
export interface Probe {
  alarmName: string;
  queueUrl?: string;
  subscriptionArn?: string;
  alarmCreated?: boolean;
}

/** The topic's ARN when a topic of that name exists; ListTopics, so a missing topic is never created. */
export async function findTopic(sns: SNSClient, name: string): Promise<string | undefined> {
  let token: string | undefined;
  do {
    const page = await sns.send(new ListTopicsCommand({ NextToken: token }));
    const found = page.Topics?.find((t) => t.TopicArn?.endsWith(`:${name}`));
    if (found?.TopicArn) return found.TopicArn;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/** A queue that receives the topic's action reports raw (the alert JSON as the body). */
export async function listen(clients: ProbeClients, probe: Probe, topicArn: string): Promise<void> {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: probe.alarmName, Attributes: { MessageRetentionPeriod: '3600' } }));
  if (!QueueUrl) throw new Error(`CreateQueue ${probe.alarmName} answered without a QueueUrl`);
  probe.queueUrl = QueueUrl;
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const queueArn = Attributes?.QueueArn;
  if (!queueArn) throw new Error(`queue ${probe.alarmName} has no ARN`);
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } }],
  };
  await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: JSON.stringify(policy) } }));
  const { SubscriptionArn } = await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      ReturnSubscriptionArn: true,
      // Action reports only (the contract's `kind` attribute): the topic's other alerts stay out.
      Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ kind: ['action'] }) },
    }),
  );
  probe.subscriptionArn = SubscriptionArn;
}

/** Creates the alarm and sets it to ALARM, as CloudWatch would when its threshold is crossed. */
export async function fire(cloudwatch: CloudWatchClient, probe: Probe, stage: string): Promise<void> {
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: probe.alarmName,
      AlarmDescription: `ops-autopilot selftest of stage ${stage}: temporary, deleted when the run ends`,
      Namespace: 'OpsAutopilot/SelfTest',
      MetricName: 'SelfTest',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'missing',
    }),
  );
  probe.alarmCreated = true;
  await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: probe.alarmName, StateValue: 'ALARM', StateReason: `ops-autopilot selftest of stage ${stage}` }));
}

/** Deletes the alarm, the subscription and the queue; answers with what could not be removed. */
export async function remove(clients: ProbeClients, probe: Probe): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      problems.push(`${what}: ${describeError(err)}`);
    }
  };
  if (probe.alarmCreated) await attempt(`alarm ${probe.alarmName}`, () => clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [probe.alarmName] })));
  const { subscriptionArn, queueUrl } = probe;
  if (subscriptionArn) await attempt(`subscription ${subscriptionArn}`, () => clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })));
  if (queueUrl) await attempt(`queue ${queueUrl}`, () => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })));
  return problems;
}
