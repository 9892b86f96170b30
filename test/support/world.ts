/**
 * The integration tests' view of the sandbox world: builds it in the (reset) embedded AWS,
 * makes a Runtime for a policy written in the test, and reads published alerts back from
 * the SQS queue subscribed to the alert topic.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { stringify } from 'yaml';
import type { Alert } from '../../functions/model/alert';
import { createClients, clientConfig } from '../../functions/aws/clients';
import { dynamoDbLedger } from '../../functions/ledger/dynamodb/dynamodb-ledger';
import { parsePolicyText } from '../../functions/policy/load';
import { targetResolverFor } from '../../functions/runner/runtime';
import type { Runtime } from '../../functions/runner/runtime';
import { resetEmbeddedAws } from '../../infra/local/moto';
import { buildSandboxWorld, type SandboxWorld } from '../../infra/local/sandbox';

export interface TestWorld extends SandboxWorld {
  runtime(policy: object, now?: () => Date): Runtime;
  readAlerts(): Promise<Alert[]>;
  setKillSwitch(value: 'true' | 'false'): Promise<void>;
}

/** A fresh sandbox world: the emulator is reset first, so each caller starts from the same state. */
export async function setUpWorld(slackWebhookUrl = 'http://127.0.0.1:9/hooks/test'): Promise<TestWorld> {
  await resetEmbeddedAws(process.env.AWS_ENDPOINT_URL ?? '');
  const world = await buildSandboxWorld({ slackWebhookUrl });
  const clients = createClients();
  const sqs = new SQSClient(clientConfig());
  return {
    ...world,
    runtime: (policy, now = () => new Date()) => {
      const parsed = parsePolicyText(stringify(policy), 'test policy');
      return {
        policy: parsed,
        // No firing tables: tests move the clock anywhere, and croner answers for any instant.
        firings: {},
        resolver: targetResolverFor(parsed, now),
        clients,
        ledger: dynamoDbLedger(clients.ledger, world.ledgerTable),
        topicArn: world.topicArn,
        region: process.env.AWS_REGION ?? 'us-east-1',
        now,
      };
    },
    async readAlerts() {
      const alerts: Alert[] = [];
      for (;;) {
        const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: world.alertQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        if (!page.Messages?.length) return alerts;
        for (const message of page.Messages) {
          alerts.push(JSON.parse(message.Body ?? '{}') as Alert);
          await sqs.send(new DeleteMessageCommand({ QueueUrl: world.alertQueueUrl, ReceiptHandle: message.ReceiptHandle }));
        }
      }
    },
    async setKillSwitch(value) {
      await clients.ssm.send(new PutParameterCommand({ Name: world.killSwitchParameter, Value: value, Type: 'String', Overwrite: true }));
    },
  };
}
