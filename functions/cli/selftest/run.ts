/** `ops-autopilot selftest`: what it does; its help is in command.ts. */
import { randomUUID } from 'node:crypto';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SlackThreads } from '../../alerts/slack-threads';
import { clientConfig } from '../../aws/clients';
import { describeError, isRetryable } from '../../aws/errors';
import type { Alert } from '../../model/alert';
import type { PolicyDocument } from '../../policy/schema';
import { stageNames } from '../../stack-names';
import { integerOption, parseCommandLine, takePositionals } from '../args';
import { connectAws, type AwsTarget } from '../aws';
import { UsageError } from '../errors';
import { EXIT, type ExitCode } from '../exit-codes';
import { writeJson, type CliIo } from '../io';
import { policyPath } from '../paths';
import { readPolicy } from '../policy-file';
import { stageOption } from '../stage-option';
import { DEFAULT_TIMEOUT_SECONDS, NAME, SELFTEST_ALARM_PREFIX, TIMEOUT_BOUNDS } from './command';
import { formatSelftest } from './format';
import { passed, withSkipped, type Hop, type HopName, type SelftestResult } from './hops';
import { findTopic, fire, listen, remove, type Probe, type ProbeClients } from './probe-resources';
import { selftestAlarmName, selftestReadiness } from './readiness';
import { waitForReport, waitForSlackPost } from './report-wait';

const OPTIONS = {
  stage: { type: 'string' },
  policy: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** After the report: how long slack-notifier may take to post it. */
const SLACK_GRACE_MS = 15_000;

interface Run {
  stage: string;
  policy: PolicyDocument;
  timeoutSeconds: number;
  aws: AwsTarget;
  clients: ProbeClients;
  threads: SlackThreads;
  probe: Probe;
  signal: AbortSignal;
}

/** A hop that threw: failed with the error; `unreachable` says whether AWS did not answer or refused. */
class HopFailure extends Error {
  override name = 'HopFailure';

  constructor(
    readonly hop: HopName,
    readonly unreachable: boolean,
    message: string,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

async function step<T>(hop: HopName, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new HopFailure(hop, isRetryable(err) || /AccessDenied|Unrecognized|InvalidClientTokenId|credential/i.test(describeError(err)), describeError(err), { cause: err });
  }
}

function reportHop(alert: Alert): Hop {
  const action = alert.action;
  const rule = action ? `rule ${action.rule}: ` : '';
  switch (action?.outcome) {
    case 'dry-run':
      return { hop: 'dry-run', status: 'ok', detail: `${rule}${action.reason}` };
    case 'skipped':
      return { hop: 'dry-run', status: 'ok', detail: `${rule}skipped before the dry-run guard, nothing changed: ${action.reason}` };
    case 'done':
      return { hop: 'dry-run', status: 'failed', detail: `${rule}a resource WAS CHANGED: ${action.reason}; the stage does not run the policy checked here` };
    default:
      return { hop: 'dry-run', status: 'failed', detail: `${rule}${action?.outcome ?? 'no outcome'}: ${action?.reason ?? alert.summary}` };
  }
}

async function slackHop(run: Run, alert: Alert): Promise<Hop> {
  const table = stageNames(run.stage).ledgerTable;
  try {
    const post = await waitForSlackPost(run.threads, alert, Date.now() + SLACK_GRACE_MS, run.signal);
    if (post.posted) return { hop: 'slack', status: 'ok', detail: `posted (message ts ${post.ts})` };
    if (post.status) return { hop: 'slack', status: 'failed', detail: `slack-notifier claimed the post but it is still ${post.status}: see its logs (aws logs tail /aws/lambda/${stageNames(run.stage).function('slack-notifier')})` };
    return {
      hop: 'slack',
      status: 'unknown',
      detail: `no post record in ${table}: with the incoming webhook slack-notifier keeps none, so look for "${alert.title}" in the channel; with the Web API, see its logs`,
    };
  } catch (err) {
    return { hop: 'slack', status: 'unknown', detail: `cannot read slack-notifier's records in ${table}: ${describeError(err)}` };
  }
}

/** Records the hops in `hops` up to the first that fails (a hop that throws is recorded by the caller). */
async function probeHops(run: Run, topicName: string, hops: Hop[]): Promise<void> {
  const readiness = selftestReadiness(run.policy, run.probe.alarmName);
  if (!readiness.ready) {
    hops.push({ hop: 'policy', status: 'failed', detail: readiness.reason });
    return;
  }
  hops.push({ hop: 'policy', status: 'ok', detail: `dry-run rule ${readiness.rules.join(', ')} acts on ${run.probe.alarmName}` });

  const topicArn = await step('topic', () => findTopic(run.clients.sns, topicName));
  if (!topicArn) {
    hops.push({ hop: 'topic', status: 'failed', detail: `no topic ${topicName} in ${run.aws.region}: is stage ${run.stage} deployed here?` });
    return;
  }
  hops.push({ hop: 'topic', status: 'ok', detail: topicArn });

  await step('listener', () => listen(run.clients, run.probe, topicArn));
  hops.push({ hop: 'listener', status: 'ok', detail: `queue ${run.probe.alarmName} subscribed to the topic (action reports only)` });

  await step('alarm', () => fire(run.clients.cloudwatch, run.probe, run.stage));
  hops.push({ hop: 'alarm', status: 'ok', detail: `${run.probe.alarmName} created and set to ALARM` });

  const started = Date.now();
  const queueUrl = run.probe.queueUrl ?? '';
  const alert = await step('report', () => waitForReport(run.clients.sqs, queueUrl, run.probe.alarmName, started + run.timeoutSeconds * 1000, run.signal));
  if (!alert) {
    const fn = stageNames(run.stage).function('alarm-remediation');
    const why = run.signal.aborted
      ? 'interrupted before a report arrived'
      : [
          `no report on the topic within ${run.timeoutSeconds}s. Check, in this order:`,
          `the stage runs this policy (deploy it: the EventBridge rule for ${SELFTEST_ALARM_PREFIX}* comes from it);`,
          `aws events list-rules --name-prefix ops-autopilot-${run.stage}  shows a rule for alarm-remediation;`,
          `aws logs tail /aws/lambda/${fn}  shows the invocation and what it did.`,
        ].join('\n');
    hops.push({ hop: 'report', status: 'failed', detail: why });
    return;
  }
  hops.push({ hop: 'report', status: 'ok', detail: `"${alert.title}" after ${Math.round((Date.now() - started) / 1000)}s` });
  hops.push(reportHop(alert));
  hops.push(await slackHop(run, alert));
}

function parseOptions(args: string[]) {
  const { values, positionals } = parseCommandLine(NAME, args, OPTIONS);
  takePositionals(NAME, positionals, []);
  const stage = stageOption(NAME, values.stage);
  if (!stage) throw new UsageError(NAME, '--stage is required: the deployed stage to test');
  const timeoutSeconds = integerOption(NAME, 'timeout', values.timeout, DEFAULT_TIMEOUT_SECONDS, TIMEOUT_BOUNDS);
  return { stage, timeoutSeconds, policy: values.policy, json: values.json ?? false };
}

function exitCodeOf(result: SelftestResult, unreachable: boolean): ExitCode {
  if (result.passed) return EXIT.ok;
  if (result.hops[0]?.hop === 'policy' && result.hops[0].status === 'failed') return EXIT.notReady;
  return unreachable ? EXIT.awsUnavailable : EXIT.failed;
}

export async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const options = parseOptions(args);
  const { policy } = readPolicy(policyPath(options.policy));
  const aws = await connectAws();
  const names = stageNames(options.stage);
  const config = clientConfig();
  const clients: ProbeClients = { cloudwatch: new CloudWatchClient(config), sns: aws.clients.sns, sqs: new SQSClient(config) };
  const probe: Probe = { alarmName: selftestAlarmName(options.stage, randomUUID().slice(0, 8)) };
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const run: Run = { stage: options.stage, policy, timeoutSeconds: options.timeoutSeconds, aws, clients, threads: new SlackThreads(new DynamoDBClient(config), names.ledgerTable), probe, signal: interrupt.signal };
  const hops: Hop[] = [];
  let unreachable = false;
  try {
    await probeHops(run, names.alertTopic, hops);
  } catch (err) {
    if (!(err instanceof HopFailure)) throw err;
    unreachable = err.unreachable;
    hops.push({ hop: err.hop, status: 'failed', detail: err.message });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const problems = await remove(clients, probe);
    const created = [probe.alarmCreated ? 'alarm' : '', probe.subscriptionArn ? 'subscription' : '', probe.queueUrl ? 'queue' : ''].filter(Boolean);
    const cleanup: Hop = problems.length
      ? { hop: 'cleanup', status: 'failed', detail: `could not remove, delete by hand:\n${problems.join('\n')}` }
      : { hop: 'cleanup', status: 'ok', detail: created.length ? `removed the ${created.join(', ')}` : 'nothing was created' };
    hops.push(cleanup);
  }
  const firstFailure = hops.find((h) => h.status === 'failed');
  const all = firstFailure ? withSkipped(hops, `not reached: ${firstFailure.hop} failed`) : hops;
  const result: SelftestResult = { stage: options.stage, region: aws.region, ...(aws.endpoint ? { endpoint: aws.endpoint } : {}), alarm: probe.alarmName, topic: names.alertTopic, passed: passed(all), hops: all };
  if (options.json) writeJson(io, result);
  else io.out(formatSelftest(result, io.style));
  return exitCodeOf(result, unreachable);
}
