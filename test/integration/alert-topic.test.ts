import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { publishAlert } from '../../functions/alerts/publish';
import type { Alert } from '../../functions/model/alert';
import { clientConfig } from '../../functions/aws/clients';
import { buildSandboxWorld, type SandboxWorld } from '../../infra/local/sandbox';
import { actionFailed, alertCritical, alertWarning } from '../unit/alerts/fixtures';

const sns = new SNSClient(clientConfig());
const sqs = new SQSClient(clientConfig());

/** Polls until `expected` messages arrived or `polls` one-second waits passed. */
async function receiveAll(queueUrl: string, expected: number, polls = 10): Promise<Message[]> {
  const messages: Message[] = [];
  for (let poll = 0; poll < polls && messages.length < expected; poll++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    messages.push(...Messages);
  }
  return messages;
}

/** A second queue on the topic that only takes what the filter policy lets through. */
async function filteredQueue(world: SandboxWorld, name: string, filterPolicy: object): Promise<string> {
  const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const queueArn = Attributes?.QueueArn ?? '';
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl,
      Attributes: {
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn }],
        }),
      },
    }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: world.topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(filterPolicy) },
    }),
  );
  return QueueUrl;
}

describe('the alert topic', () => {
  let world: SandboxWorld;

  beforeAll(async () => {
    world = await buildSandboxWorld({ slackWebhookUrl: 'http://127.0.0.1:9/services/unused' });
  });

  it('delivers the alert JSON and the severity and kind attributes to a raw SQS subscriber', async () => {
    // Act
    const { messageId } = await publishAlert(sns, world.topicArn, actionFailed);

    // Assess
    expect(messageId).toMatch(/\S/);
    const [message, ...others] = await receiveAll(world.alertQueueUrl, 2, 2);
    expect(others).toEqual([]);
    expect(JSON.parse(message?.Body ?? '') as Alert).toEqual(actionFailed);
    expect(message?.MessageAttributes).toMatchObject({
      severity: { DataType: 'String', StringValue: 'critical' },
      kind: { DataType: 'String', StringValue: 'action' },
      outcome: { DataType: 'String', StringValue: 'failed' },
    });
  });

  it('lets a subscription filter on severity', async () => {
    // Prepare
    const criticalOnly = await filteredQueue(world, 'ops-autopilot-critical-only', { severity: ['critical'] });

    // Act
    await publishAlert(sns, world.topicArn, alertWarning);
    await publishAlert(sns, world.topicArn, alertCritical);

    // Assess
    const received = await receiveAll(criticalOnly, 2, 3);
    expect(received.map((m) => (JSON.parse(m.Body ?? '') as Alert).title)).toEqual([alertCritical.title]);
    const everything = await receiveAll(world.alertQueueUrl, 2);
    expect(everything.map((m) => (JSON.parse(m.Body ?? '') as Alert).severity).sort()).toEqual(['critical', 'warning']);
  });
});
