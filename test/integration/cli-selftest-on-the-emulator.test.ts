/**
 * `ops-autopilot selftest` against the embedded AWS, with the stage played as the demo plays
 * it: the stack's event wiring (EventBridge rules to queues, slack-notifier's subscription),
 * the functions behind queue pollers, and the alarm relay standing in for CloudWatch's
 * state-change events, which the emulator never emits. The functions are their handlers from
 * the sources (jest cannot import the ESM bundles), loaded after the environment is set, as a
 * cold start reads it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { clientConfig, createClients } from '../../functions/aws/clients';
import { runCli } from '../../functions/cli/cli';
import { EXIT } from '../../functions/cli/exit-codes';
import type { SelftestResult } from '../../functions/cli/selftest/hops';
import type { SetupResult } from '../../functions/cli/setup/run';
import { alarmRemediation } from '../../functions/flows/alarm-remediation';
import { rdsEvents } from '../../functions/flows/rds-events';
import { reconcile } from '../../functions/flows/reconcile/reconcile';
import { scheduledScaling } from '../../functions/flows/scheduled-scaling';
import { parsePolicyText, runnablePolicy } from '../../functions/policy/load';
import { handlerFor } from '../../functions/runner/handler';
import { runtimeFromEnvironment } from '../../functions/runner/runtime';
import { AlarmRelay } from '../../infra/local/alarm-relay';
import { FunctionRunner, type LambdaHandler } from '../../infra/local/demo/function-runner';
import { QueueRouter } from '../../infra/local/demo/queue-router';
import { wireLikeTheStack } from '../../infra/local/demo/wiring';
import { start as startSlackCapture, type SlackCapture } from '../../infra/local/slack-capture';
import { capturedIo } from '../support/cli-io';
import { setUpWorld, type TestWorld } from '../support/world';

const STAGE = 'local';
const SLACK_BOT = { botToken: 'xoxb-selftest-stand-in', channels: ['C0SELFTEST'] };
const BOT_TOKEN_PARAMETER = '/ops-autopilot/slack-bot-token';

const POLICY = `version: 1
rules:
  - name: selftest
    on: { alarm: "ops-autopilot-selftest-*" }
    dryRun: true
    repeat: false
    do:
      - scaleAutoScalingGroup: { group: web-asg, by: 1, max: 10 }
`;

const config = clientConfig();
const cloudwatch = new CloudWatchClient(config);
const sqs = new SQSClient(config);
const sns = new SNSClient(config);
const clients = createClients();

async function selftest(...args: string[]) {
  const io = capturedIo();
  const code = await runCli(['selftest', ...args, '--json'], io);
  return { code, result: JSON.parse(io.stdout() || 'null') as SelftestResult, stderr: io.stderr() };
}

const statuses = (result: SelftestResult) => Object.fromEntries(result.hops.map((h) => [h.hop, h.status]));

async function leftBehind(topicArn: string): Promise<{ alarms: string[]; queues: string[]; subscriptions: string[] }> {
  const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'ops-autopilot-selftest-' }));
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'ops-autopilot-selftest-' }));
  const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  return {
    alarms: MetricAlarms.map((a) => a.AlarmName ?? ''),
    queues: QueueUrls,
    subscriptions: Subscriptions.map((s) => s.Endpoint ?? '').filter((endpoint) => endpoint.includes('selftest')),
  };
}

async function desiredCapacity(): Promise<number | undefined> {
  const { AutoScalingGroups } = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }));
  return AutoScalingGroups?.[0]?.DesiredCapacity;
}

/** The entry modules await their runtime at the top level, which jest's CommonJS cannot load: the same handlers, made as the entries make them. */
async function sourceHandlers(): Promise<FunctionRunner> {
  const runtime = await runtimeFromEnvironment();
  const cloudWatch = new CloudWatchClient(clientConfig());
  const notifier: LambdaHandler = (await import('../../functions/slack-notifier')).handler;
  return FunctionRunner.fromHandlers({
    'alarm-remediation': await handlerFor(alarmRemediation),
    'rds-events': await handlerFor(rdsEvents),
    'scheduled-scaling': await handlerFor(scheduledScaling),
    'slack-notifier': notifier,
    reconcile: (event, context) => reconcile(event, { ...runtime, cloudWatch }, context),
  });
}

describe('selftest on the emulator, the relay standing in for EventBridge', () => {
  let world: TestWorld;
  let stage: SetupResult;
  let slack: SlackCapture;
  let relay: AlarmRelay;
  let router: QueueRouter;
  let dir: string;
  let policyFile: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    world = await setUpWorld();
    const io = capturedIo();
    expect(await runCli(['setup', '--stage', STAGE, '--json'], io)).toBe(EXIT.ok);
    stage = JSON.parse(io.stdout()) as SetupResult;
    slack = await startSlackCapture(SLACK_BOT);
    await clients.ssm.send(new PutParameterCommand({ Name: BOT_TOKEN_PARAMETER, Type: 'SecureString', Value: SLACK_BOT.botToken, Overwrite: true }));
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-selftest-'));
    policyFile = join(dir, 'policy.yml');
    writeFileSync(policyFile, POLICY);
    // The stage's functions: the contract's environment, set before their cold start.
    Object.assign(process.env, {
      POLICY_PATH: policyFile,
      ALERT_TOPIC_ARN: stage.alertTopic.arn,
      LEDGER_TABLE: stage.ledgerTable.name,
      SLACK_WEBHOOK_PARAMETER: world.slackParameter,
      SLACK_BOT_TOKEN_PARAMETER: BOT_TOKEN_PARAMETER,
      SLACK_CHANNEL: SLACK_BOT.channels[0],
      SLACK_API_URL: slack.apiUrl,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const wiring = await wireLikeTheStack(runnablePolicy(parsePolicyText(POLICY, policyFile), policyFile), { ...world, topicArn: stage.alertTopic.arn }, { sqs, sns, events: new EventBridgeClient(config) });
    router = new QueueRouter(sqs, wiring.routes, await sourceHandlers());
    router.start();
    relay = new AlarmRelay(cloudwatch, new EventBridgeClient(config), { prefix: 'ops-autopilot-selftest-' });
    relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await router?.stop();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  it('passes every hop: the dry-run report reaches the topic and Slack, nothing changes, nothing is left behind', async () => {
    const before = await desiredCapacity();

    const { code, result } = await selftest('--stage', STAGE, '--policy', policyFile, '--timeout', '30');

    expect(result.hops.filter((h) => h.status !== 'ok')).toEqual([]);
    expect(code).toBe(EXIT.ok);
    expect(statuses(result)).toEqual({ policy: 'ok', topic: 'ok', listener: 'ok', alarm: 'ok', report: 'ok', 'dry-run': 'ok', slack: 'ok', cleanup: 'ok' });
    expect(result.hops.find((h) => h.hop === 'dry-run')?.detail).toMatch(/^rule selftest: dry run \(rule selftest has dryRun: true\); would /);
    expect(relay.relayed.map((e) => [e.detail.alarmName, e.detail.state.value])).toContainEqual([result.alarm, 'ALARM']);
    expect(slack.messages.some((m) => m.text.includes('web-asg'))).toBe(true);
    expect(await desiredCapacity()).toBe(before);
    expect(await leftBehind(stage.alertTopic.arn)).toEqual({ alarms: [], queues: [], subscriptions: [] });
  });

  it('reports the topic hop failed for a stage that has no topic, skips the rest, and creates nothing', async () => {
    const { code, result } = await selftest('--stage', 'nowhere', '--policy', policyFile, '--timeout', '5');

    expect(code).toBe(EXIT.failed);
    expect(statuses(result)).toEqual({ policy: 'ok', topic: 'failed', listener: 'skipped', alarm: 'skipped', report: 'skipped', 'dry-run': 'skipped', slack: 'skipped', cleanup: 'ok' });
    expect(result.hops.find((h) => h.hop === 'topic')?.detail).toMatch(/no topic ops-autopilot-nowhere-alerts/);
    expect(result.hops.find((h) => h.hop === 'cleanup')?.detail).toBe('nothing was created');
  });

  it('reports the report hop failed when no event reaches the function (EventBridge not wired), and still cleans up', async () => {
    await relay.stop();
    try {
      const { code, result } = await selftest('--stage', STAGE, '--policy', policyFile, '--timeout', '5');

      expect(code).toBe(EXIT.failed);
      expect(statuses(result)).toMatchObject({ alarm: 'ok', report: 'failed', 'dry-run': 'skipped', slack: 'skipped', cleanup: 'ok' });
      expect(result.hops.find((h) => h.hop === 'report')?.detail).toMatch(/no report on the topic within 5s/);
      expect(await leftBehind(stage.alertTopic.arn)).toEqual({ alarms: [], queues: [], subscriptions: [] });
    } finally {
      relay = new AlarmRelay(cloudwatch, new EventBridgeClient(config), { prefix: 'ops-autopilot-selftest-' });
      relay.start();
    }
  });

  it('refuses to start, exit 4, when a rule that may act matches the self-test alarm, and creates nothing', async () => {
    const acting = join(dir, 'acting.yml');
    writeFileSync(acting, POLICY.replace('    dryRun: true\n', '').replace('ops-autopilot-selftest-*', '*'));

    const { code, result } = await selftest('--stage', STAGE, '--policy', acting);

    expect(code).toBe(EXIT.notReady);
    expect(result.hops[0]).toMatchObject({ hop: 'policy', status: 'failed' });
    expect(result.hops[0]?.detail).toMatch(/rule selftest matches the self-test alarm .* and may change resources: give it dryRun: true/);
    expect(await leftBehind(stage.alertTopic.arn)).toEqual({ alarms: [], queues: [], subscriptions: [] });
  });
});
