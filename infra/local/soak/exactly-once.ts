/**
 * The exactly-once soak: N Auto Scaling groups, one distinct ALARM transition each, every
 * transition delivered D times through the three alarm shapes, C warm containers, F invocations
 * in flight, and a fault proxy failing a share of the functions' AWS calls — before the request
 * reaches the emulator, or after it changed it with the answer lost. Lambda's two retries apply.
 * Then AWS and the alert topic are read directly: each group must have changed exactly once
 * (+1) and have one `done` alert.
 */
import { CreateAutoScalingGroupCommand, paginateDescribeAutoScalingGroups, type AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { SQSClient } from '@aws-sdk/client-sqs';
import { stringify } from 'yaml';
import { createClients, clientConfig } from '../../../functions/aws/clients';
import { remediateAlarms } from '../../../functions/flows/alarm-remediation';
import { dynamoDbLedger } from '../../../functions/ledger/dynamodb/dynamodb-ledger';
import { parsePolicyText } from '../../../functions/policy/load';
import { targetResolverFor, type Runtime } from '../../../functions/runner/runtime';
import { alarmLambdaAction, alarmSnsDelivery, alarmStateChange } from '../alarm-events';
import { startFaultProxy, type FaultKind } from '../fault-proxy';
import { LOCAL_REGION } from '../moto';
import { buildSandboxWorld, SANDBOX } from '../sandbox';
import { drainAlerts } from './alert-readback';
import { inFlight, invokeAsync } from './lambda';
import { seededRandom, shuffled } from './random';

export interface ExactlyOnceOptions {
  groups: number;
  deliveriesPerTransition: number;
  containers: number;
  inFlight: number;
  /** Share of the functions' AWS calls that fail, 0…1. */
  faultRate: number;
  seed: number;
}

export interface ExactlyOnceFigures {
  groups: number;
  deliveries: number;
  changedOnce: number;
  doubled: number;
  lost: number;
  /** Distinct `done` reports, and copies of one published again (SNS's answer lost). */
  doneAlerts: number;
  doneAlertCopies: number;
  /** Invocations that still failed after Lambda's two retries (the on-failure queue). */
  failedInvocations: number;
  faults: Partial<Record<FaultKind, number>>;
  seconds: number;
}

const INITIAL_DESIRED = 2;
const groupName = (i: number) => `soak-asg-${i}`;
const alarmName = (i: number) => `soak-cpu-${i}`;

async function createGroups(autoScaling: AutoScalingClient, count: number): Promise<void> {
  await inFlight(
    8,
    Array.from({ length: count }, (_, i) => () =>
      autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: groupName(i),
          LaunchTemplate: { LaunchTemplateName: SANDBOX.launchTemplate, Version: '$Latest' },
          AvailabilityZones: [...SANDBOX.availabilityZones],
          MinSize: 1,
          DesiredCapacity: INITIAL_DESIRED,
          MaxSize: 10,
        }),
      ),
    ),
  );
}

async function desiredByGroup(autoScaling: AutoScalingClient): Promise<Map<string, number>> {
  const desired = new Map<string, number>();
  for await (const page of paginateDescribeAutoScalingGroups({ client: autoScaling }, {})) {
    for (const group of page.AutoScalingGroups ?? []) desired.set(group.AutoScalingGroupName ?? '', group.DesiredCapacity ?? 0);
  }
  return desired;
}

function soakPolicy(groups: number): string {
  return stringify({
    version: 1,
    settings: { maxActionsPerHour: groups * 10 },
    rules: Array.from({ length: groups }, (_, i) => ({
      name: `soak-${i}`,
      on: { alarm: alarmName(i) },
      do: [{ scaleAutoScalingGroup: { group: groupName(i), by: 1, cooldown: 300 } }],
    })),
  });
}

/** Runs against the embedded AWS at AWS_ENDPOINT_URL, which it resets first. */
export async function soakExactlyOnce(options: ExactlyOnceOptions): Promise<ExactlyOnceFigures> {
  const started = Date.now();
  const endpoint = process.env.AWS_ENDPOINT_URL ?? '';
  const world = await buildSandboxWorld({ slackWebhookUrl: 'http://127.0.0.1:9/hooks/soak' });
  const direct = createClients();
  await createGroups(direct.autoScaling, options.groups);
  const sqs = new SQSClient(clientConfig());
  await drainAlerts(sqs, world.alertQueueUrl);

  const random = seededRandom(options.seed);
  const proxy = await startFaultProxy(endpoint);
  const policy = parsePolicyText(soakPolicy(options.groups), 'soak policy');
  const containers: Runtime[] = Array.from({ length: options.containers }, () => {
    const clients = createClients({ endpoint: proxy.url });
    return { policy, firings: {}, resolver: targetResolverFor(policy), clients, ledger: dynamoDbLedger(clients.ledger, world.ledgerTable), topicArn: world.topicArn, region: LOCAL_REGION, now: () => new Date() };
  });

  const base = Date.UTC(2026, 10, 24, 9, 0, 0);
  const shapes = [(e: ReturnType<typeof alarmStateChange>) => e, alarmSnsDelivery, alarmLambdaAction];
  const deliveries = Array.from({ length: options.groups }, (_, i) => {
    const transition = alarmStateChange(alarmName(i), 'ALARM', new Date(base + i * 1_000));
    return Array.from({ length: options.deliveriesPerTransition }, (_, d) => shapes[d % shapes.length]?.(transition) ?? transition);
  }).flat();

  proxy.chaos({ rate: options.faultRate, random });
  const invocations = await inFlight(
    options.inFlight,
    shuffled(deliveries, random).map((event) => () => invokeAsync(remediateAlarms, event, containers[Math.floor(random() * containers.length)] ?? (containers[0] as Runtime))),
  );
  proxy.chaos(undefined);
  const faults = Object.fromEntries(proxy.faults);
  await proxy.close();

  const desired = await desiredByGroup(direct.autoScaling);
  const alerts = await drainAlerts(sqs, world.alertQueueUrl);
  const done = alerts.filter((a) => a.kind === 'action' && a.action?.outcome === 'done');
  const doneIds = new Set(done.map((a) => a.id ?? `${a.resource.id}@${a.time}`));
  let changedOnce = 0;
  let doubled = 0;
  let lost = 0;
  for (let i = 0; i < options.groups; i++) {
    const now = desired.get(groupName(i)) ?? INITIAL_DESIRED;
    if (now === INITIAL_DESIRED + 1) changedOnce++;
    else if (now > INITIAL_DESIRED + 1) doubled++;
    else lost++;
  }
  return {
    groups: options.groups,
    deliveries: deliveries.length,
    changedOnce,
    doubled,
    lost,
    doneAlerts: doneIds.size,
    doneAlertCopies: done.length - doneIds.size,
    failedInvocations: invocations.filter((i) => !i.ok).length,
    faults,
    seconds: (Date.now() - started) / 1000,
  };
}
