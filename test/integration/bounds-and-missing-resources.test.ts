import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { createClients } from '../../functions/aws/clients';
import { remediateAlarms } from '../../functions/flows/alarm-remediation';
import { alarmStateChange } from '../support/alarm-events';
import { stormWithRetries } from '../support/lambda-retries';
import { setUpWorld, type TestWorld } from '../support/world';
import { replicaCount } from '../support/aws-reads';

const clients = createClients();

const storm = (state: 'ALARM' | 'OK', count: number) =>
  Array.from({ length: count }, (_, i) => alarmStateChange('app-db-read-pressure', state, new Date(Date.UTC(2026, 10, 24, 9, 0, i))));

describe('bounds are ours to enforce', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await setUpWorld();
  });

  it('never goes above max replicas, or below min, in a storm of 50 distinct events at once; what contention left unfinished, the Lambda retry finishes', async () => {
    const runtime = world.runtime({
      version: 1,
      settings: { maxActionsPerHour: 100 },
      rules: [
        { name: 'db-add-reader', on: { alarm: 'app-db-read-pressure' }, do: [{ addReadReplica: { source: 'app-db', max: 4, cooldown: 0 } }] },
        { name: 'db-remove-reader', on: { alarm: 'app-db-read-pressure', state: 'OK' }, do: [{ removeReadReplica: { source: 'app-db', min: 1, cooldown: 0 } }] },
      ],
    });

    const up = await stormWithRetries(remediateAlarms, storm('ALARM', 50), runtime);
    const afterUp = await replicaCount();
    // Settle the storm's stragglers: every later event sees the bound.
    const down = await stormWithRetries(remediateAlarms, storm('OK', 50), runtime);
    const afterDown = await replicaCount();

    expect(afterUp).toBeLessThanOrEqual(4);
    expect(up.filter((s) => s.steps[0]?.outcome === 'done')).toHaveLength(afterUp);
    expect(afterDown).toBe(1);
    expect(down.filter((s) => s.steps[0]?.outcome === 'done')).toHaveLength(afterUp - 1);
    await world.readAlerts();
  });

  it('clamps a group to its own MaxSize even though the emulator would accept more', async () => {
    const runtime = world.runtime({
      version: 1,
      rules: [{ name: 'web-scale-out', on: { alarm: 'web-cpu-high' }, do: [{ scaleAutoScalingGroup: { group: 'web-asg', by: 20, max: 50, cooldown: 0 } }] }],
    });

    const summary = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T10:00:00Z')), runtime);
    const again = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T10:01:00Z')), runtime);

    const group = await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }));
    expect(group.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(10);
    expect(summary.steps[0]).toMatchObject({ outcome: 'done', reason: expect.stringContaining('asked for 22, clamped to 10') });
    expect(again.steps[0]).toMatchObject({ outcome: 'skipped', reason: 'web-asg is already at max 10; nothing to change' });
    await world.readAlerts();
  });

  it('reports a missing group or instance as failed, naming it, and still runs the later steps', async () => {
    const runtime = world.runtime({
      version: 1,
      rules: [
        {
          name: 'web-scale-out',
          on: { alarm: 'web-cpu-high' },
          do: [
            { scaleAutoScalingGroup: { group: 'web-asg-typo', by: 1, cooldown: 0 } },
            { addReadReplica: { source: 'no-such-db', cooldown: 0 } },
            { addReadReplica: { cluster: 'no-such-cluster', cooldown: 0 } },
            { alert: { severity: 'warning', title: 'web CPU high' } },
          ],
        },
      ],
    });

    const summary = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T11:00:00Z')), runtime);

    expect(summary.steps.map((s) => [s.outcome, s.reason])).toEqual([
      ['failed', expect.stringContaining('Auto Scaling group "web-asg-typo" not found')],
      ['failed', expect.stringContaining('RDS instance "no-such-db" not found')],
      ['failed', expect.stringContaining('Aurora cluster "no-such-cluster" not found')],
      ['alerted', 'warning alert'],
    ]);
    const alerts = await world.readAlerts();
    expect(alerts.map((a) => [a.kind, a.severity, a.title])).toEqual([
      ['action', 'critical', 'Failed: scaleAutoScalingGroup web-asg-typo'],
      ['action', 'critical', 'Failed: addReadReplica no-such-db'],
      ['action', 'critical', 'Failed: addReadReplica no-such-cluster'],
      ['alert', 'warning', 'web CPU high'],
    ]);
  });

  it('refuses to add a replica to a source without automated backups', async () => {
    const { CreateDBInstanceCommand } = await import('@aws-sdk/client-rds');
    await clients.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'no-backups-db',
        Engine: 'mysql',
        DBInstanceClass: 'db.t3.micro',
        AllocatedStorage: 20,
        MasterUsername: 'admin',
        MasterUserPassword: 'sandbox-password-1',
        BackupRetentionPeriod: 0,
      }),
    );
    const runtime = world.runtime({
      version: 1,
      rules: [{ name: 'add', on: { alarm: 'web-cpu-high' }, do: [{ addReadReplica: { source: 'no-backups-db' } }] }],
    });

    const summary = await remediateAlarms(alarmStateChange('web-cpu-high', 'ALARM', new Date('2026-11-24T12:00:00Z')), runtime);

    expect(summary.steps[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('no-backups-db has no automated backups') });
  });
});
