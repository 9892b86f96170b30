/**
 * `validate --check-aws` as the doctor, row by row on the embedded AWS, with the book's
 * original habits: an alarm that also runs the group's own scaling policy, a template that
 * sets DesiredCapacity, a database without automated backups, a step max above the group's
 * MaxSize, an Aurora cluster under Aurora Auto Scaling, and alarm names with typos.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { DescribePoliciesCommand, PutScalingPolicyCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateDBClusterCommand } from '@aws-sdk/client-rds';
import { clientConfig, createClients } from '../../functions/aws/clients';
import { EXIT } from '../../functions/cli/exit-codes';
import type { ValidateResult } from '../../functions/cli/validate/result';
import { deployStack, EXAMPLE_TEMPLATE, type DeployedStack } from '../support/wordpress-stack';

const ROOT = join(__dirname, '..', '..');
const clients = createClients();

/** The template as the book has it: a DesiredCapacity, and backups off. */
const BOOK_TEMPLATE = EXAMPLE_TEMPLATE.replace("      MinSize: '2'\n", "      MinSize: '2'\n      DesiredCapacity: '2'\n").replace('BackupRetentionPeriod: 7', 'BackupRetentionPeriod: 0');

interface Run {
  code: number;
  result: Extract<ValidateResult, { valid: true }>;
  text: string;
}

describe('validate --check-aws: the doctor', () => {
  let dir: string;
  let book: DeployedStack;

  async function validate(name: string, lines: string[]): Promise<Run> {
    const file = join(dir, `${name}.yml`);
    writeFileSync(file, ['version: 1', ...lines].join('\n'));
    const run = (json: boolean) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(process.execPath, [join(ROOT, 'bin', 'ops-autopilot.mjs'), 'validate', file, '--check-aws', ...(json ? ['--json'] : [])], { cwd: ROOT, env: { ...process.env, POLICY_PATH: undefined, NO_COLOR: '1' } }, (error, stdout) => {
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout });
        });
      });
    const [json, text] = await Promise.all([run(true), run(false)]);
    expect(text.code).toBe(json.code);
    return { code: json.code, result: JSON.parse(json.stdout) as Run['result'], text: text.stdout };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ops-autopilot-doctor-'));
    book = await deployStack('book', BOOK_TEMPLATE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks the alarms the rules name: a glob exists when it matches one, a typo is missing, exit 1', async () => {
    const run = await validate('alarms', [
      'rules:',
      '  - { name: found, on: { alarm: { stack: book, logicalId: CPUHighAlarm } }, do: [{ alert: { severity: info } }] }',
      '  - { name: typo-glob, on: { alarm: "book-CPUHighAlrm-*" }, do: [{ alert: { severity: info } }] }',
      '  - { name: typo-name, on: { alarm: awsinaction-blog-read-latncy }, do: [{ alert: { severity: info } }] }',
    ]);

    expect(run.code).toBe(EXIT.failed);
    expect(run.result.aws?.resources).toEqual([
      { type: 'alarm', id: 'book-CPUHighAlarm-*', usedBy: ['found'], exists: true, matches: [book.ids.CPUHighAlarm] },
      { type: 'alarm', id: 'book-CPUHighAlrm-*', usedBy: ['typo-glob'], exists: false, matches: [] },
      { type: 'alarm', id: 'awsinaction-blog-read-latncy', usedBy: ['typo-name'], exists: false, matches: [] },
    ]);
    expect(run.text).toMatch(/ {2}found {4}alarm book-CPUHighAlarm-\* +used by found \(matches book-CPUHighAlarm-DUEENYONAHR8\)\n/);
    expect(run.text).toMatch(/ {2}MISSING {2}alarm awsinaction-blog-read-latncy +used by typo-name\n/);
    expect(run.text).toContain('2 of 3 resources missing');
  });

  it('two-controllers: the alarm a rule acts on also runs an Auto Scaling policy of that group (a warning, exit 0)', async () => {
    const group = book.ids.AutoScalingGroup as string;
    await clients.autoScaling.send(new PutScalingPolicyCommand({ AutoScalingGroupName: group, PolicyName: 'ScalingUpPolicy', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 1 }));
    // The emulator's PutScalingPolicy returns no ARN; DescribePolicies has it.
    const { ScalingPolicies } = await clients.autoScaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: group }));
    const policyArn = ScalingPolicies?.[0]?.PolicyARN as string;
    await new CloudWatchClient(clientConfig()).send(
      new PutMetricAlarmCommand({
        AlarmName: 'book-CPUHighAlarm-TWOCONTROLLERS',
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 60,
        AlarmActions: [policyArn],
      }),
    );

    const run = await validate('two-controllers', [
      'rules:',
      '  - name: book-scale-out',
      '    on: { alarm: book-CPUHighAlarm-TWOCONTROLLERS }',
      '    do: [{ scaleAutoScalingGroup: { group: { fromAlarm: AutoScalingGroupName }, by: 1 } }]',
    ]);

    expect(run.result.aws?.warnings.filter((w) => w.code === 'two-controllers')).toEqual([
      {
        code: 'two-controllers',
        severity: 'warning',
        resource: { type: 'alarm', id: 'book-CPUHighAlarm-TWOCONTROLLERS' },
        message: expect.stringMatching(/^alarm book-CPUHighAlarm-TWOCONTROLLERS \(rule book-scale-out\) also runs the Auto Scaling policy ScalingUpPolicy of group book-AutoScalingGroup-\w+, so one alarm scales the group twice; remove that action/),
      },
    ]);
    expect(run.result.aws?.resources[0]).toMatchObject({ type: 'auto-scaling-group', id: group, exists: true, resolvedFrom: ['{ fromAlarm: AutoScalingGroupName }'] });
    expect(run.text).toContain('  ! two-controllers  alarm book-CPUHighAlarm-TWOCONTROLLERS: alarm book-CPUHighAlarm-TWOCONTROLLERS (rule book-scale-out) also runs');
  });

  it('stack-resets-capacity: the group belongs to a stack whose template sets DesiredCapacity', async () => {
    const run = await validate('stack-resets', ['rules:', '  - { name: scale-in, on: { alarm: { stack: book, logicalId: CPULowAlarm } }, do: [{ scaleAutoScalingGroup: { group: { stack: book, logicalId: AutoScalingGroup }, by: -1 } }] }']);

    expect(run.code).toBe(EXIT.ok);
    expect(run.result.aws?.warnings).toEqual([
      {
        code: 'stack-resets-capacity',
        severity: 'warning',
        resource: { type: 'auto-scaling-group', id: book.ids.AutoScalingGroup },
        message: `group ${book.ids.AutoScalingGroup} belongs to stack book, whose template sets DesiredCapacity on AutoScalingGroup: every stack update resets the capacity ops-autopilot set; remove DesiredCapacity from the template (MinSize and MaxSize are enough)`,
      },
    ]);
  });

  it('no-backups: a replica source with automated backups off is an error, exit 1', async () => {
    const run = await validate('no-backups', [
      'targets: { book-db: { rdsInstance: { stack: book, logicalId: Database } } }',
      'rules:',
      '  - { name: add-reader, on: { alarm: { stack: book, logicalId: DatabaseReadLatencyAlarm } }, do: [{ addReadReplica: { source: book-db, max: 2 } }] }',
    ]);

    expect(run.code).toBe(EXIT.failed);
    expect(run.result.aws?.resources.every((r) => r.exists)).toBe(true);
    expect(run.result.aws?.warnings).toEqual([
      {
        code: 'no-backups',
        severity: 'error',
        resource: { type: 'rds-instance', id: book.ids.Database },
        message: `RDS instance ${book.ids.Database} has automated backups off (BackupRetentionPeriod 0), and RDS refuses read replicas of it; set BackupRetentionPeriod to 1 or more`,
      },
    ]);
    expect(run.text).toContain(`  ✗ no-backups (error)  rds-instance ${book.ids.Database}: `);
  });

  it("max-above-group: a step's max above the group's MaxSize, unless a schedule raises MaxSize to it", async () => {
    const group = book.ids.AutoScalingGroup as string;
    const rule = `  - { name: scale-out, on: { alarm: { stack: book, logicalId: CPUHighAlarm } }, do: [{ scaleAutoScalingGroup: { group: ${group}, by: 2, max: 9 } }] }`;

    const unreachable = await validate('max-above', ['rules:', rule]);
    const raised = await validate('max-raised', ['rules:', rule, 'schedules:', `  - { name: peak, cron: "0 8 * * ? *", do: [{ setCapacity: { group: ${group}, max: 10 } }] }`]);

    expect(unreachable.result.aws?.warnings.filter((w) => w.code === 'max-above-group')).toEqual([
      {
        code: 'max-above-group',
        severity: 'warning',
        resource: { type: 'auto-scaling-group', id: group },
        message: `scale-out do[0] scales ${group} up to max 9, above the group's MaxSize 4, so it can never get there; raise the group's MaxSize or lower the step's max`,
      },
    ]);
    expect(raised.result.aws?.warnings.filter((w) => w.code === 'max-above-group')).toEqual([]);
  });

  it('aurora-autoscaling: a cluster this policy changes is registered with Aurora Auto Scaling', async () => {
    await clients.rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'orders-aurora', Engine: 'aurora-mysql', MasterUsername: 'admin', MasterUserPassword: 'orders-password-1' }));
    await new ApplicationAutoScalingClient(clientConfig()).send(
      new RegisterScalableTargetCommand({ ServiceNamespace: 'rds', ResourceId: 'cluster:orders-aurora', ScalableDimension: 'rds:cluster:ReadReplicaCount', MinCapacity: 1, MaxCapacity: 4 }),
    );

    const run = await validate('aurora', [
      'targets: { orders: { rdsCluster: orders-aurora } }',
      'rules:',
      '  - { name: orders-add-reader, on: { alarm: { stack: book, logicalId: CPUHighAlarm } }, do: [{ addReadReplica: { cluster: orders, max: 3 } }] }',
    ]);

    expect(run.code).toBe(EXIT.ok);
    expect(run.result.aws?.resources[0]).toMatchObject({ type: 'rds-cluster', id: 'orders-aurora', exists: true, resolvedFrom: ['orders'] });
    expect(run.result.aws?.warnings).toEqual([
      {
        code: 'aurora-autoscaling',
        severity: 'warning',
        resource: { type: 'rds-cluster', id: 'orders-aurora' },
        message: expect.stringMatching(/^cluster orders-aurora is registered with Aurora Auto Scaling \(Application Auto Scaling, resource cluster:orders-aurora\), .*: deregister the scalable target or drop this policy's steps on the cluster$/),
      },
    ]);
  });

  it('lists a stack target that resolves to nothing as missing, with the reason', async () => {
    const run = await validate('no-stack', ['rules:', '  - { name: ghost, on: { alarm: { stack: book, logicalId: CPUHighAlarm } }, do: [{ setCapacity: { group: { stack: ghost, logicalId: AutoScalingGroup }, min: 1 } }] }']);

    expect(run.code).toBe(EXIT.failed);
    expect(run.result.aws?.resources[0]).toEqual({
      type: 'auto-scaling-group',
      id: '{ stack: ghost, logicalId: AutoScalingGroup }',
      usedBy: ['ghost'],
      exists: false,
      reason: 'group { stack: ghost, logicalId: AutoScalingGroup }: stack ghost does not exist',
    });
    expect(run.text).toContain('MISSING  auto-scaling-group { stack: ghost, logicalId: AutoScalingGroup }  used by ghost — group { stack: ghost, logicalId: AutoScalingGroup }: stack ghost does not exist');
  });
});
