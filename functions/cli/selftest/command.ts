/**
 * `ops-autopilot selftest --stage <stage>`: checks a deployed stage end to end without
 * changing a resource. A temporary alarm that only dry-run rules match (readiness.ts) is set to
 * ALARM; the run waits for its `dry-run` report on the stage's alert topic (through a temporary
 * queue subscribed to it, the real hop), asks slack-notifier's record whether Slack got it,
 * and removes the alarm, subscription and queue whatever happened, Ctrl-C included.
 */
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
import type { Command } from '../command';
import { UsageError } from '../errors';
import { EXIT, type ExitCode } from '../exit-codes';
import { writeJson } from '../io';
import { policyPath } from '../paths';
import { readPolicy } from '../policy-file';
import { stageOption } from '../stage-option';
import { formatSelftest } from './format';
import { passed, withSkipped, type Hop, type HopName, type SelftestResult } from './hops';
import { findTopic, fire, listen, remove, type Probe, type ProbeClients } from './probe-resources';
import { selftestAlarmName, selftestReadiness, SELFTEST_ALARM_PREFIX } from './readiness';
import { waitForReport, waitForSlackPost } from './report-wait';

const NAME = 'selftest';

const OPTIONS = {
  stage: { type: 'string' },
  policy: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const DEFAULT_TIMEOUT_SECONDS = 120;
const TIMEOUT_BOUNDS = { min: 5, max: 900 };
/** After the report: how long slack-notifier may take to post it. */
const SLACK_GRACE_MS = 15_000;

const HELP = `Usage: ops-autopilot selftest --stage <stage> [--policy file] [--timeout seconds] [--json]

Checks a deployed stage end to end, changing no resource: creates a temporary alarm
${SELFTEST_ALARM_PREFIX}<stage>-<id> (on a metric nobody publishes), sets it to ALARM, waits
for the dry-run report on the stage's alert topic (ops-autopilot-<stage>-alerts) through a
temporary SQS queue subscribed to it, and reads slack-notifier's record of posting it to
Slack. The alarm, the subscription and the queue are removed at the end, also on failure,
timeout or Ctrl-C. Each hop is printed ok or failed, with the reason.

Nothing can change because the run starts only when every rule of the policy that matches the
self-test alarm is dry-run (its own dryRun: true, or settings.dryRun) and one of them has a
changing step; deploy a policy with such a rule first, e.g.:

  - name: selftest
    on: { alarm: "${SELFTEST_ALARM_PREFIX}*" }
    dryRun: true
    repeat: false
    do:
      - scaleAutoScalingGroup: { group: web, by: 1 }

The check is made on the policy given here: it must be the one the stage runs.

Options:
  --stage <stage>      the deployed stage (required)
  --policy <file>      the stage's policy (default: $POLICY_PATH, else infra/policy.yml)
  --timeout <seconds>  how long to wait for the report, ${TIMEOUT_BOUNDS.min}-${TIMEOUT_BOUNDS.max} (default: ${DEFAULT_TIMEOUT_SECONDS})
  --json               print the hops as one JSON object on stdout
  -h, --help           show this help

Exit codes:
  0  every hop worked (Slack may be "unknown" in webhook mode, which keeps no record)
  1  a hop failed (named, with its reason), or the policy is invalid
  2  usage error
  3  AWS unreachable or refused a call (region, credentials, network, access)
  4  the policy has no dry-run rule for ${SELFTEST_ALARM_PREFIX}*, or a rule that could act on it

Examples:
  ops-autopilot selftest --stage prod
  ops-autopilot selftest --stage dev --timeout 60 --json | jq '.hops[] | select(.status == "failed")'
`;

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

export const selftestCommand: Command = {
  name: NAME,
  summary: 'check a deployed stage end to end with a dry-run alarm, changing nothing',
  help: HELP,
  async run(args, io) {
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
  },
};
