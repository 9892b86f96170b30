/**
 * The demo's machinery, start to end: the embedded AWS and a Slack stand-in, the sandbox
 * world, the stack's event wiring, the built functions and their queue pollers; then the
 * scenes; then everything stopped again, whatever happened, and the run written as an HTML
 * page and a JSON record.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { clientConfig, createClients } from '../../../functions/aws/clients';
import { dynamoDbLedger } from '../../../functions/ledger/dynamodb/dynamodb-ledger';
import { loadPolicyFile, runnablePolicy } from '../../../functions/policy/load';
import { MissingBundlesError, missingBundles } from '../../stack/artifacts';
import { awsEnvironment, startEmbeddedAws } from '../moto';
import { buildSandboxWorld, type SandboxWorld } from '../sandbox';
import { start as startSlackCapture, type SlackCapture } from '../slack-capture';
import { DemoAws } from './aws-side';
import { FunctionRunner } from './function-runner';
import { renderHtmlReport } from './html-report';
import type { DemoReporter, DemoRun, ReportFiles, SceneRecord, SetupRecord } from './journal';
import { QueueRouter } from './queue-router';
import { Stage, type Scene, type StageContext } from './stage';
import { wireLikeTheStack } from './wiring';

/** Relative to the repository root. */
const DEMO_POLICY = 'infra/local/demo-policy.yml';
/** The demo policy's stand-in for the reader endpoint's hosted zone id, which Route 53 chooses when the zone is made. */
const ZONE_PLACEHOLDER = 'DEMOZONE';
const READER_ZONE = 'app-db.demo.internal';

/** A path like Slack's, so the webhook URL looks like a real one in the SSM parameter (and stays out of logs like one); unused while the bot token is set. */
const WEBHOOK_PATH = '/services/T0DEMO000/B0DEMO000/demo-webhook-token';

const NOTES = [
  'moto never evaluates alarms: the demo sets each alarm state (SetAlarmState) and puts the event CloudWatch would emit on the default bus.',
  "moto's EventBridge delivers to SQS only, and its SNS cannot invoke Lambda without Docker: each function reads its own queue, as if Lambda were invoked.",
  'moto never fires schedules: the demo invokes scheduled-scaling with the input EventBridge Scheduler sends, and reconcile with the Scheduled Event of its rate(1 minute) rule.',
  `The reader endpoint lives in a private hosted zone ${READER_ZONE} made in the emulator's Route 53; the policy the functions read names its id in place of ${ZONE_PLACEHOLDER}.`,
  'The functions are the built bundles, dist/<function>/index.mjs, imported and invoked in this process.',
  'slack-notifier posts through the Slack Web API to a loopback stand-in (bot token in SSM): each incident is a thread, and its root is edited to show it resolved.',
];

export interface DemoOptions {
  /** The repository root: dist/, events/ and the demo policy are found here. */
  root: string;
  /** Where the HTML and JSON reports are written; relative paths are taken from the root. */
  reportDir: string;
  reporter: DemoReporter;
  /** Aborting stops the demo at the next wait; everything started is stopped before it returns. */
  signal?: AbortSignal;
}

export interface DemoResult {
  run: DemoRun;
  files: ReportFiles;
}

/** Sets variables for the demo's lifetime and puts back what was there before (the caller's process may go on). */
class EnvironmentOverlay {
  private readonly saved = new Map<string, string | undefined>();

  set(variables: Record<string, string>): void {
    for (const [name, value] of Object.entries(variables)) {
      if (!this.saved.has(name)) this.saved.set(name, process.env[name]);
      process.env[name] = value;
    }
  }

  restore(): void {
    for (const [name, value] of this.saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    this.saved.clear();
  }
}

/** The bot token the Slack stand-in accepts, kept in SSM as a deployment keeps it. */
const BOT_TOKEN_PARAMETER = '/ops-autopilot/slack-bot-token';
const SLACK_BOT = { botToken: 'xoxb-demo-stand-in', channels: ['C0DEMOOPS'] };

/**
 * The contract's environment for the functions (DESIGN.md), pointed at this demo's emulator and
 * world; slack-notifier uses the Web API stand-in, so the report shows incident threads.
 */
function functionEnvironment(world: SandboxWorld, policyFile: string, slack: SlackCapture): Record<string, string> {
  return {
    POLICY_PATH: policyFile,
    ALERT_TOPIC_ARN: world.topicArn,
    LEDGER_TABLE: world.ledgerTable,
    SLACK_WEBHOOK_PARAMETER: world.slackParameter,
    SLACK_BOT_TOKEN_PARAMETER: BOT_TOKEN_PARAMETER,
    SLACK_CHANNEL: SLACK_BOT.channels[0] ?? '',
    SLACK_API_URL: slack.apiUrl,
  };
}

async function playScene(scene: Scene, number: number, total: number, ctx: StageContext): Promise<SceneRecord> {
  const record: SceneRecord = { number, title: scene.title, expect: scene.expect, entries: [], checks: [], passed: false, durationMs: 0 };
  ctx.reporter.sceneStarted(record, total);
  const started = performance.now();
  try {
    await scene.play(new Stage(ctx, record));
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    // A scene that breaks is a failed expectation, and the next scenes still have something to show.
    record.error = err instanceof Error ? err.message : String(err);
  }
  record.durationMs = Math.round(performance.now() - started);
  record.passed = !record.error && record.checks.length > 0 && record.checks.every((c) => c.passed);
  ctx.reporter.sceneFinished(record);
  return record;
}

function writeReports(run: DemoRun, options: DemoOptions): ReportFiles {
  const dir = isAbsolute(options.reportDir) ? options.reportDir : join(options.root, options.reportDir);
  mkdirSync(dir, { recursive: true });
  const stamp = run.startedAt.replace(/:/g, '-').replace(/\.\d{3}Z$/, '');
  const html = join(dir, `demo-${stamp}.html`);
  const json = join(dir, `demo-${stamp}.json`);
  writeFileSync(html, renderHtmlReport(run));
  writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  // Printed paths are relative to where the user ran the command, when that is shorter.
  const shown = (file: string) => (relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file));
  return { html: shown(html), json: shown(json) };
}

/** Starts everything the scenes need, plays them, and stops everything again, whatever happens. */
async function playInWorld(scenes: Scene[], options: DemoOptions): Promise<{ setup: SetupRecord; records: SceneRecord[] }> {
  const { reporter, signal } = options;
  const environment = new EnvironmentOverlay();
  const teardown: (() => Promise<void>)[] = [];
  try {
    const motoStarted = performance.now();
    const emulator = await startEmbeddedAws();
    teardown.push(() => emulator.stop());
    const motoStartMs = Math.round(performance.now() - motoStarted);
    const slack = await startSlackCapture(SLACK_BOT);
    teardown.push(() => slack.close());

    environment.set({
      ...awsEnvironment(emulator.endpoint),
      // The SDK's own switch for its notice that Node 20 support ends: the demo runs where it runs.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'true',
      // Every decision is on screen already; the functions' JSON logs only say more when something breaks.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
    });
    const world = await buildSandboxWorld({ slackWebhookUrl: `${slack.url}${WEBHOOK_PATH}` });
    await new SSMClient(clientConfig()).send(
      new PutParameterCommand({ Name: BOT_TOKEN_PARAMETER, Type: 'SecureString', Value: SLACK_BOT.botToken, Overwrite: true }),
    );
    const aws = new DemoAws(world.alertQueueUrl);
    const policyDir = mkdtempSync(join(tmpdir(), 'ops-autopilot-demo-'));
    teardown.push(async () => rmSync(policyDir, { recursive: true, force: true }));
    const policyFile = join(policyDir, 'demo-policy.yml');
    const zone = await aws.createHostedZone(READER_ZONE);
    writeFileSync(policyFile, readFileSync(join(options.root, DEMO_POLICY), 'utf8').replaceAll(ZONE_PLACEHOLDER, zone));
    const policy = runnablePolicy(loadPolicyFile(policyFile), DEMO_POLICY);
    environment.set(functionEnvironment(world, policyFile, slack));

    const sqs = new SQSClient(clientConfig());
    const wiring = await wireLikeTheStack(policy, world, { sqs, sns: new SNSClient(clientConfig()), events: new EventBridgeClient(clientConfig()) });
    const runner = await FunctionRunner.load(options.root);
    const router = new QueueRouter(sqs, wiring.routes, runner);
    router.start();
    teardown.push(() => router.stop());

    const setup: SetupRecord = { endpoint: emulator.endpoint, slackCapture: slack.url, policyFile: DEMO_POLICY, motoStartMs, rules: wiring.rules, notes: NOTES };
    reporter.setup(setup);
    const ctx: StageContext = {
      policy,
      runner,
      router,
      aws,
      slack,
      ledger: dynamoDbLedger(createClients().ledger, world.ledgerTable),
      reporter,
      sample: async () => ({
        desiredCapacity: (await aws.desiredCapacity('web-asg')) ?? 0,
        readReplicas: (await aws.readReplicas('app-db')).length,
        auroraReaders: (await aws.clusterReaders('orders-aurora')).length,
      }),
      ...(signal ? { signal } : {}),
    };
    const records: SceneRecord[] = [];
    for (const [i, scene] of scenes.entries()) {
      signal?.throwIfAborted();
      records.push(await playScene(scene, i + 1, scenes.length, ctx));
    }
    return { setup, records };
  } finally {
    // Newest first: the pollers use the emulator, so they stop before it does. Every step runs even if one fails.
    const failures: unknown[] = [];
    for (const stop of teardown.reverse()) await stop().catch((err: unknown) => failures.push(err));
    environment.restore();
    if (failures.length) console.error('demo: stopping did not go cleanly:', ...failures);
  }
}

export async function playDemo(scenes: Scene[], options: DemoOptions): Promise<DemoResult> {
  const missing = missingBundles(options.root);
  if (missing.length) throw new MissingBundlesError(missing);
  const startedAt = new Date();
  const { setup, records } = await playInWorld(scenes, options);
  const run: DemoRun = {
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    setup,
    scenes: records,
    passed: records.length === scenes.length && records.every((r) => r.passed),
  };
  const files = writeReports(run, options);
  options.reporter.finished(run, files);
  return { run, files };
}
