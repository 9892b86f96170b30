/**
 * The fuzz soak: for each policy-driven function, inputs made by mutating the real sample
 * events in events/ (a field dropped, nulled, retyped, made huge, an identifier longer than
 * AWS allows, the JSON inside an SNS message mutated too) and arbitrary JSON from fast-check.
 * Each is invoked through a proxy that only counts; the policy's rules match none of the
 * samples, so any mutating AWS call is a defect. Every rejected input must be reported by a
 * published alert, and no bad input may make the function throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { createClients, clientConfig } from '../../../functions/aws/clients';
import { remediateAlarms } from '../../../functions/flows/alarm-remediation';
import { alertRdsEvents } from '../../../functions/flows/rds-events';
import { scaleOnSchedule } from '../../../functions/flows/scheduled-scaling';
import type { PolicyFunction } from '../../../functions/function-names';
import { dynamoDbLedger } from '../../../functions/ledger/dynamodb/dynamodb-ledger';
import { parsePolicyText } from '../../../functions/policy/load';
import { targetResolverFor, type Runtime } from '../../../functions/runner/runtime';
import { startFaultProxy } from '../fault-proxy';
import { LOCAL_REGION } from '../moto';
import { buildSandboxWorld } from '../sandbox';
import { drainAlerts } from './alert-readback';
import type { Flow } from './lambda';
import { seededRandom } from './random';

export interface FuzzFigures {
  function: PolicyFunction;
  inputs: number;
  /** Invocations that threw. */
  throws: number;
  /** The first few of them: the error, and the input that caused it. */
  thrown: string[];
  rejected: number;
  rejectionAlerts: number;
  /** Calls that would change AWS (none of the rules match, so any is a defect). */
  awsChanges: number;
}

const MUTATING_CALLS = ['SetDesiredCapacity', 'UpdateAutoScalingGroup', 'CreateDBInstance', 'CreateDBInstanceReadReplica', 'DeleteDBInstance'];

const FUNCTIONS: { name: PolicyFunction; flow: Flow; samples: string[] }[] = [
  { name: 'alarm-remediation', flow: remediateAlarms, samples: ['alarm', 'malformed'] },
  { name: 'rds-events', flow: alertRdsEvents, samples: ['rds', 'malformed'] },
  { name: 'scheduled-scaling', flow: scaleOnSchedule, samples: ['schedule', 'malformed'] },
];

const FUZZ_POLICY = stringify({
  version: 1,
  rules: [
    { name: 'never-alarm', on: { alarm: 'fuzz-never-matches' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 1 } }] },
    { name: 'never-rds', on: { rdsEvent: { source: 'fuzz-never-*' } }, do: [{ addReadReplica: { source: 'app-db' } }] },
  ],
  schedules: [{ name: 'fuzz-never-fires', cron: '0 0 1 1 ? 2099', do: [{ setCapacity: { group: 'web-asg', desired: 3 } }] }],
});

function loadSamples(folders: string[]): unknown[] {
  const dir = join(__dirname, '..', '..', '..', 'events');
  return folders.flatMap((folder) =>
    readdirSync(join(dir, folder))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, folder, f), 'utf8')) as unknown),
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function replacementFor(random: () => number): Json {
  const choices: (() => Json)[] = [
    () => null,
    () => Math.floor(random() * 1e9) - 5e8,
    () => true,
    () => [],
    () => ({}),
    () => 'x'.repeat(300 + Math.floor(random() * 3_000)),
    () => 'a'.repeat(64 + Math.floor(random() * 300)),
    () => 'y'.repeat(300_000),
    () => '',
    () => '2026-13-45T99:99:99Z',
  ];
  return (choices[Math.floor(random() * choices.length)] ?? choices[0] ?? (() => null))();
}

/** One mutation somewhere in the tree; a string holding JSON (an SNS Message) is mutated inside. */
function mutate(value: Json, random: () => number, depth = 0): Json {
  if (depth > 0 && random() < 0.25) return replacementFor(random);
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      return JSON.stringify(mutate(JSON.parse(value) as Json, random, depth + 1));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) {
    if (!value.length) return replacementFor(random);
    const i = Math.floor(random() * value.length);
    return value.map((item, j) => (j === i ? mutate(item, random, depth + 1) : item));
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (!keys.length) return replacementFor(random);
    const key = keys[Math.floor(random() * keys.length)] ?? '';
    if (random() < 0.2) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
    return { ...value, [key]: mutate(value[key] ?? null, random, depth + 1) };
  }
  return replacementFor(random);
}

export function fuzzInputs(folders: string[], count: number, seed: number): unknown[] {
  const random = seededRandom(seed);
  const samples = loadSamples(folders) as Json[];
  const arbitrary = fc.sample(fc.jsonValue(), { numRuns: Math.ceil(count / 5), seed });
  const inputs: unknown[] = [...arbitrary];
  while (inputs.length < count) {
    const sample = samples[Math.floor(random() * samples.length)] ?? null;
    let input = sample;
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) input = mutate(input, random);
    inputs.push(input);
  }
  return inputs.slice(0, count);
}

/** Runs against the embedded AWS at AWS_ENDPOINT_URL. */
export async function soakFuzz(count: number, seed: number): Promise<FuzzFigures[]> {
  const world = await buildSandboxWorld({ slackWebhookUrl: 'http://127.0.0.1:9/hooks/fuzz' });
  const sqs = new SQSClient(clientConfig());
  const proxy = await startFaultProxy(process.env.AWS_ENDPOINT_URL ?? '');
  const clients = createClients({ endpoint: proxy.url });
  const policy = parsePolicyText(FUZZ_POLICY, 'fuzz policy');
  const runtime: Runtime = {
    policy,
    firings: {},
    resolver: targetResolverFor(policy),
    clients,
    ledger: dynamoDbLedger(clients.ledger, world.ledgerTable),
    topicArn: world.topicArn,
    region: LOCAL_REGION,
    now: () => new Date(),
  };
  const figures: FuzzFigures[] = [];
  for (const [n, fn] of FUNCTIONS.entries()) {
    await drainAlerts(sqs, world.alertQueueUrl);
    proxy.clear();
    const result: FuzzFigures = { function: fn.name, inputs: count, throws: 0, thrown: [], rejected: 0, rejectionAlerts: 0, awsChanges: 0 };
    for (const input of fuzzInputs(fn.samples, count, seed + n)) {
      try {
        result.rejected += (await fn.flow(input, runtime)).rejected.length;
      } catch (err) {
        result.throws += 1;
        if (result.thrown.length < 3) result.thrown.push(`${String(err)} — input ${JSON.stringify(input)?.slice(0, 300)}`);
      }
    }
    result.awsChanges = MUTATING_CALLS.reduce((sum, action) => sum + (proxy.seen.get(action) ?? 0), 0);
    const alerts = await drainAlerts(sqs, world.alertQueueUrl);
    result.rejectionAlerts = alerts.filter((a) => a.resource.type === 'function' && a.resource.id === fn.name && a.title.startsWith('Rejected input')).length;
    figures.push(result);
  }
  await proxy.close();
  return figures;
}
