/**
 * The CLI against the embedded AWS and the sandbox world, run as an operator runs it
 * (`node bin/ops-autopilot.mjs …`): validate --check-aws, plan, and invoke --dry-run of a
 * built bundle (`npm run build` first; the test command does it).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { createClients } from '../../functions/aws/clients';
import { EXIT } from '../../functions/cli/exit-codes';
import type { EventPlan } from '../../functions/cli/plan/plan-event';
import type { ValidateResult } from '../../functions/cli/validate/result';
import { bundlePath } from '../../functions/function-names';
import { latestFiring } from '../../functions/policy/cron';
import { loadPolicyFile } from '../../functions/policy/load';
import { setUpWorld, type TestWorld } from '../support/world';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ops-autopilot.mjs');
const APP_DB_ALARM = 'events/alarm/eventbridge-app-db-read-pressure-alarm.json';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with the embedded AWS's environment (set by the global setup) plus `extra`. */
function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env = { ...process.env, POLICY_PATH: undefined, ...extra };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

const clients = createClients();

async function replicasOf(source: string): Promise<string[]> {
  const all = await clients.rds.send(new DescribeDBInstancesCommand({}));
  return (all.DBInstances ?? []).filter((i) => i.ReadReplicaSourceDBInstanceIdentifier === source).map((i) => i.DBInstanceIdentifier ?? '');
}

describe('ops-autopilot against the embedded AWS', () => {
  let world: TestWorld;
  let dir: string;
  beforeAll(async () => {
    world = await setUpWorld();
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validate --check-aws finds every resource and alarm the default policy names in the sandbox world, with no finding', async () => {
    const run = await cli(['validate', '--check-aws', '--json']);

    expect(run.code).toBe(EXIT.ok);
    const result = JSON.parse(run.stdout) as Extract<ValidateResult, { valid: true }>;
    expect(result.aws?.endpoint).toBe(process.env.AWS_ENDPOINT_URL);
    expect(result.aws?.resources.map((r) => [r.type, r.id, r.exists])).toEqual([
      ['auto-scaling-group', 'web-asg', true],
      ['rds-instance', 'app-db', true],
      ['rds-cluster', 'orders-aurora', true],
      ['alarm', 'web-cpu-high', true],
      ['alarm', 'web-cpu-low', true],
      ['alarm', 'app-db-read-pressure', true],
      ['alarm', 'orders-cpu-high', true],
    ]);
    expect(result.aws?.warnings).toEqual([]);
  });

  it('validate --check-aws fails, exit 1, on a policy naming a group that does not exist', async () => {
    const policy = join(dir, 'missing-group.yml');
    writeFileSync(
      policy,
      ['version: 1', 'rules:', '  - name: ghost-scale-out', '    on: { alarm: web-cpu-high }', '    do:', '      - scaleAutoScalingGroup: { group: ghost-asg, by: 1 }', '      - addReadReplica: { source: app-db }'].join('\n'),
    );

    const run = await cli(['validate', policy, '--check-aws']);

    expect(run.code).toBe(EXIT.failed);
    expect(run.stdout).toMatch(/ {2}MISSING {2}auto-scaling-group ghost-asg +used by ghost-scale-out\n/);
    expect(run.stdout).toMatch(/ {2}found {4}rds-instance app-db +used by ghost-scale-out\n/);
    expect(run.stdout).toMatch(/ {2}found {4}alarm web-cpu-high +used by ghost-scale-out\n/);
    expect(run.stdout).toContain('1 of 3 resources missing');
  });

  it('validate --check-aws exits 3 when AWS does not answer', async () => {
    // Port 9 (discard) has no listener on loopback: the connection is refused at once.
    const run = await cli(['validate', '--check-aws'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', OPS_AUTOPILOT_MAX_ATTEMPTS: '1' });

    expect(run.code).toBe(EXIT.awsUnavailable);
    expect(run.stderr).toContain('ops-autopilot validate: cannot check the alarms in AWS: ');
  });

  it('plan shows the add-replica step of db-add-reader as would-change, and changes nothing', async () => {
    const run = await cli(['plan', APP_DB_ALARM, '--json'], { LEDGER_TABLE: world.ledgerTable });

    expect(run.code).toBe(EXIT.ok);
    const plan = JSON.parse(run.stdout) as EventPlan;
    expect(plan.signals).toHaveLength(1);
    expect(plan.signals[0]).toMatchObject({
      function: 'alarm-remediation',
      rules: [
        {
          rule: 'db-add-reader',
          steps: [{ type: 'addReadReplica', resource: { type: 'rds-instance', id: 'app-db' }, verdict: 'would-change', before: { replicas: 0 }, after: { replicas: 1 } }],
        },
      ],
    });
    expect(await replicasOf('app-db')).toEqual([]);
  });

  it('plan prints verdict, reason and before → after per step', async () => {
    const run = await cli(['plan', 'events/schedule/direct.json']);

    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain('scheduled-scaling: schedule weekday-peak firing at 2026-11-23T23:00:00.000Z');
    expect(run.stdout).toMatch(/ {4}1\. setCapacity auto-scaling-group web-asg: would-change\n {7}.+\n {7}min 2 → 4; desired 2 → 6; max 10 → 12\n/);
  });

  it('invoke alarm-remediation --dry-run runs the built bundle, reports dry-run and changes nothing', async () => {
    const bundle = join(ROOT, bundlePath('alarm-remediation'));
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build before the integration tests`);
    const env = { ALERT_TOPIC_ARN: world.topicArn, LEDGER_TABLE: world.ledgerTable };
    const policy = join(ROOT, 'infra', 'policy.yml');
    const policyBefore = readFileSync(policy, 'utf8');

    const run = await cli(['invoke', 'alarm-remediation', APP_DB_ALARM, '--dry-run', '--json'], env);

    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({
      function: 'alarm-remediation',
      dryRun: true,
      ok: true,
      result: { steps: [{ rule: 'db-add-reader', step: 'addReadReplica', outcome: 'dry-run', before: { replicas: 0 }, after: { replicas: 1 } }] },
    });
    expect(await replicasOf('app-db')).toEqual([]);
    const { AutoScalingGroups } = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }));
    expect(AutoScalingGroups?.[0]?.DesiredCapacity).toBe(2);
    // The dry run read a temporary copy; the operator's policy is untouched.
    expect(readFileSync(policy, 'utf8')).toBe(policyBefore);
    const [alert] = await world.readAlerts();
    expect(alert?.action).toMatchObject({ type: 'addReadReplica', outcome: 'dry-run' });
  });

  it('invoke scheduled-scaling pins an event without its firing time to the latest firing, in the built bundle', async () => {
    // The bundle loads croner only for such an event (Scheduler always sends the time): this is its one path through the lazy chunk.
    const dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-cli-schedule-'));
    const event = join(dir, 'no-time.json');
    writeFileSync(event, JSON.stringify({ schedule: 'weekday-peak' }));
    const env = { ALERT_TOPIC_ARN: world.topicArn, LEDGER_TABLE: world.ledgerTable };
    try {
      const before = new Date();
      const run = await cli(['invoke', 'scheduled-scaling', event, '--dry-run', '--json'], env);

      expect(run.code).toBe(EXIT.ok);
      const schedule = loadPolicyFile(join(ROOT, 'infra', 'policy.yml')).schedules.find((s) => s.name === 'weekday-peak');
      const firing = schedule && latestFiring(schedule.cron, schedule.timezone, before)?.toISOString();
      expect(JSON.parse(run.stdout)).toMatchObject({ function: 'scheduled-scaling', ok: true, result: { signals: [`schedule:weekday-peak@${firing}`] } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('invoke reports the error and exits 1 when the handler throws', async () => {
    const env = { ALERT_TOPIC_ARN: world.topicArn, LEDGER_TABLE: 'no-such-ledger' };

    const run = await cli(['invoke', 'alarm-remediation', APP_DB_ALARM, '--dry-run', '--json'], env);

    expect(run.code).toBe(EXIT.failed);
    // The ledger is missing: the step is left for Lambda's retry, and the error says why.
    expect(JSON.parse(run.stdout)).toMatchObject({ function: 'alarm-remediation', ok: false, phase: 'invoke', error: { name: 'RetryableAwsError', message: expect.stringContaining('ResourceNotFoundException') } });
    expect(run.stderr).toContain('alarm-remediation threw: RetryableAwsError: ');
  });

  it('invoke names the variables a function needs, exit 4', async () => {
    const run = await cli(['invoke', 'rds-events', 'events/rds/eventbridge-low-storage.json'], { ALERT_TOPIC_ARN: '', LEDGER_TABLE: '' });

    expect(run.code).toBe(EXIT.notReady);
    expect(run.stderr).toContain('rds-events needs these environment variables, which are not set:\n  ALERT_TOPIC_ARN: ');
  });
});
