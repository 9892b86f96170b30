/**
 * End to end through the built bundles on the embedded AWS, as the demo runs them (imported once,
 * invoked one at a time, as reservedConcurrency 1 runs them): the latency from an alarm event to
 * its SetDesiredCapacity (seen by the project's proxy in front of the emulator), from an RDS event
 * to the Slack post (rds-events, the alert topic read back from its queue, slack-notifier, the
 * Slack stand-in), and a storm of distinct alarm events through alarm-remediation.
 *
 * The storm empties the ledger table between windows of STORM_WINDOW events (no invocation runs
 * then): moto's TransactWriteItems deep-copies the whole table on every call, so without it each
 * event costs more than the one before (132 ms → 709 ms over 300 events, moto at 2.7 GiB) —
 * DynamoDB's transactions do not slow with the table's size. The finished events' items are what
 * goes: the events are distinct, so none of them is ever delivered again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, DynamoDBClient, paginateScan, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig } from '../functions/aws/client-config';
import { alarmStateChange } from '../infra/local/alarm-events';
import { FunctionRunner } from '../infra/local/demo/function-runner';
import { startFaultProxy } from '../infra/local/fault-proxy';
import { awsEnvironment, startEmbeddedAws } from '../infra/local/moto';
import { buildSandboxWorld, SANDBOX } from '../infra/local/sandbox';
import { start as startSlack } from '../infra/local/slack-capture';

const SAMPLES = Number(process.env.BENCH_FLOW_SAMPLES ?? 10);
const STORM_EVENTS = Number(process.env.BENCH_STORM_EVENTS ?? 1000);
const STORM_WINDOW = 50;

const POLICY = `version: 1
settings: { maxActionsPerHour: 100000 }
rules:
  - { name: bench-scale-out, on: { alarm: web-cpu-high }, do: [{ scaleAutoScalingGroup: { group: ${SANDBOX.group}, by: 1, cooldown: 0 } }] }
  - { name: bench-scale-in, on: { alarm: web-cpu-low }, do: [{ scaleAutoScalingGroup: { group: ${SANDBOX.group}, by: -1, cooldown: 0 } }] }
  - { name: storm-out, on: { alarm: "storm-out-*" }, do: [{ scaleAutoScalingGroup: { group: ${SANDBOX.group}, by: 1, cooldown: 0 } }] }
  - { name: storm-in, on: { alarm: "storm-in-*" }, do: [{ scaleAutoScalingGroup: { group: ${SANDBOX.group}, by: -1, cooldown: 0 } }] }
  - { name: db-failover, on: { rdsEvent: { category: failover } }, do: [{ alert: { severity: critical } }] }
`;

const SLACK_SPACING_MS = 1100;
const BOT = { botToken: 'xoxb-bench', channels: ['C0BENCH'] };
const BOT_TOKEN_PARAMETER = '/ops-autopilot/bench-slack-bot-token';

export interface FlowResult {
  alarmToCapacityMs: number[];
  rdsToSlackMs: number[];
  storm: { events: number; seconds: number; latenciesMs: number[]; failed: number };
}

function rdsFailoverEvent(at: Date): unknown {
  const sample = JSON.parse(readFileSync('events/rds/eventbridge-cluster-failover-completed.json', 'utf8')) as { id: string; time: string; detail: Record<string, unknown> };
  return { ...sample, id: `bench-${at.getTime()}`, time: at.toISOString(), detail: { ...sample.detail, Date: at.toISOString() } };
}

export async function benchFlows(): Promise<FlowResult> {
  const aws = await startEmbeddedAws();
  const slack = await startSlack(BOT);
  const capacitySeen: number[] = [];
  const proxy = await startFaultProxy(aws.endpoint, { onRequest: (action) => action === 'SetDesiredCapacity' && capacitySeen.push(performance.now()) });
  try {
    Object.assign(process.env, awsEnvironment(aws.endpoint), {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const world = await buildSandboxWorld({ slackWebhookUrl: `${slack.url}/hooks/bench` });
    await new SSMClient(clientConfig()).send(new PutParameterCommand({ Name: BOT_TOKEN_PARAMETER, Type: 'SecureString', Value: BOT.botToken, Overwrite: true }));
    const policyFile = join(mkdtempSync(join(tmpdir(), 'ops-autopilot-bench-')), 'policy.yml');
    writeFileSync(policyFile, POLICY);
    // The functions' cold start reads these (the contract's environment), and reach AWS through the proxy.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: proxy.url,
      POLICY_PATH: policyFile,
      ALERT_TOPIC_ARN: world.topicArn,
      LEDGER_TABLE: world.ledgerTable,
      SLACK_BOT_TOKEN_PARAMETER: BOT_TOKEN_PARAMETER,
      SLACK_CHANNEL: BOT.channels[0],
      SLACK_API_URL: slack.apiUrl,
    });
    const runner = await FunctionRunner.load(process.cwd());
    const sqs = new SQSClient(clientConfig({ endpoint: aws.endpoint }));
    let clock = Date.parse('2026-12-02T00:00:00Z');
    const nextTime = () => new Date((clock += 1000));

    const alarmToCapacityMs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const alarm = i % 2 ? 'web-cpu-low' : 'web-cpu-high';
      const before = capacitySeen.length;
      const started = performance.now();
      const record = await runner.invoke('alarm-remediation', alarmStateChange(alarm, 'ALARM', nextTime()), { via: 'direct' });
      const seen = capacitySeen[before];
      if (record.error || seen === undefined) throw new Error(`alarm ${alarm} did not change capacity: ${record.error ?? 'no SetDesiredCapacity'}`);
      alarmToCapacityMs.push(seen - started);
    }

    const rdsToSlackMs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // slack-notifier keeps Slack's one message per second per channel: each sample is one event on its own, not a wait in that queue.
      await new Promise((resolve) => setTimeout(resolve, SLACK_SPACING_MS));
      // The alerts of the capacity changes above are on the queue too: only this event's counts.
      await drain(sqs, world.alertQueueUrl);
      const posted = slack.requests.length;
      const started = Date.now();
      const record = await runner.invoke('rds-events', rdsFailoverEvent(nextTime()), { via: 'direct' });
      if (record.error) throw new Error(`rds-events failed: ${record.error}`);
      const message = await nextMessage(sqs, world.alertQueueUrl);
      if (!message?.Body) throw new Error('the RDS alert did not reach the alert topic');
      await sqs.send(new DeleteMessageCommand({ QueueUrl: world.alertQueueUrl, ReceiptHandle: message.ReceiptHandle }));
      const notified = await runner.invoke('slack-notifier', snsEventOf(message.Body, world.topicArn), { via: 'direct' });
      const post = slack.requests.slice(posted).find((r) => r.path.includes('chat.postMessage'));
      if (notified.error || !post) throw new Error(`slack-notifier did not post: ${notified.error ?? 'no chat.postMessage'}`);
      rdsToSlackMs.push(post.receivedAt - started);
    }

    const latenciesMs: number[] = [];
    let failed = 0;
    const dynamo = new DynamoDBClient(clientConfig({ endpoint: aws.endpoint }));
    // The emptying is the emulator's cost, not the functions': it is left out of the storm's time.
    let emptyingMs = 0;
    const stormStarted = performance.now();
    for (let i = 0; i < STORM_EVENTS; i++) {
      if (i % STORM_WINDOW === 0) {
        const emptying = performance.now();
        await emptyTable(dynamo, world.ledgerTable);
        emptyingMs += performance.now() - emptying;
      }
      const alarm = `${i % 2 ? 'storm-in' : 'storm-out'}-${i}`;
      const started = performance.now();
      const record = await runner.invoke('alarm-remediation', alarmStateChange(alarm, 'ALARM', nextTime()), { via: 'direct' });
      latenciesMs.push(performance.now() - started);
      if (record.error || record.summary?.steps.some((s) => s.outcome === 'failed')) failed++;
    }
    const seconds = (performance.now() - stormStarted - emptyingMs) / 1000;
    return { alarmToCapacityMs, rdsToSlackMs, storm: { events: STORM_EVENTS, seconds, latenciesMs, failed } };
  } finally {
    await proxy.close();
    await slack.close();
    await aws.stop();
  }
}

/** What Lambda hands slack-notifier for one alert; the readback queue gets it raw (its `sqs` key, the same JSON as `lambda`). */
function snsEventOf(message: string, topicArn: string): unknown {
  const Sns = { Type: 'Notification', MessageId: `bench-${Date.now()}`, TopicArn: topicArn, Message: message, Timestamp: new Date().toISOString() };
  return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${topicArn}:bench`, Sns }] };
}

/** Every item of the table, deleted 25 at a time (the ledger's key is pk + sk). */
async function emptyTable(dynamo: DynamoDBClient, table: string): Promise<void> {
  const keys: Record<string, AttributeValue>[] = [];
  for await (const page of paginateScan({ client: dynamo }, { TableName: table, ProjectionExpression: 'pk, sk' })) {
    for (const item of page.Items ?? []) if (item.pk && item.sk) keys.push({ pk: item.pk, sk: item.sk });
  }
  for (let i = 0; i < keys.length; i += 25) {
    const batch = keys.slice(i, i + 25).map((key) => ({ DeleteRequest: { Key: key } }));
    await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
  }
}

/** Short polls: the emulator's long poll answers late even when the message is there. */
async function nextMessage(sqs: SQSClient, queueUrl: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0 }));
    if (Messages?.[0]) return Messages[0];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

async function drain(sqs: SQSClient, queueUrl: string): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!Messages.length) return;
    for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
  }
}
